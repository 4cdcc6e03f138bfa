package org.xxact;

/** The xxact version, recorded in datasets, run directories and models so that every artefact names its producer. */
public final class XxactVersion {
  private XxactVersion() {}

  /** Implementation-Version of the jar manifest, or "dev" when running from compiled classes. */
  public static String get() {
    String v = XxactVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
