package org.xxact.cli;

import org.xxact.XxactVersion;
import picocli.CommandLine;

/** {@code --version}: the xxact version from the jar manifest and the Java runtime. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"xxact " + XxactVersion.get(), "Java " + System.getProperty("java.version")};
  }
}
