package org.xxact.train;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xxact.crystal.InputException;
import org.xxact.data.AtomicFiles;

/**
 * A checkpoint file: a magic line, a JSON header, then named float32 tensors (name, shape, little-endian values). Written
 * atomically ({@link AtomicFiles}), so a kill during a write leaves the previous checkpoint intact.
 */
final class TensorFile {
  private static final String MAGIC = "XXACT-TENSORS-1";

  /** A tensor's shape and values. */
  record Tensor(long[] shape, float[] values) {}

  /** Header and tensors of a file. */
  record Contents(String headerJson, Map<String, Tensor> tensors) {}

  private TensorFile() {}

  static void write(Path file, String headerJson, Map<String, Tensor> tensors) throws IOException {
    AtomicFiles.write(
        file,
        stream -> {
          DataOutputStream out = new DataOutputStream(stream);
          out.writeUTF(MAGIC);
          byte[] header = headerJson.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          out.writeInt(header.length);
          out.write(header);
          out.writeInt(tensors.size());
          for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            out.writeUTF(e.getKey());
            long[] shape = e.getValue().shape();
            out.writeInt(shape.length);
            for (long s : shape) {
              out.writeLong(s);
            }
            float[] values = e.getValue().values();
            out.writeInt(values.length);
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            out.write(bytes.array());
          }
          out.flush();
        });
  }

  static Contents read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20))) {
      if (!MAGIC.equals(in.readUTF())) {
        throw new InputException(file.toString(), 0, "not an xxact checkpoint");
      }
      byte[] header = new byte[in.readInt()];
      in.readFully(header);
      int count = in.readInt();
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        long[] shape = new long[in.readInt()];
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readLong();
        }
        byte[] bytes = new byte[Math.multiplyExact(in.readInt(), Float.BYTES)];
        in.readFully(bytes);
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        tensors.put(name, new Tensor(shape, values));
      }
      return new Contents(new String(header, java.nio.charset.StandardCharsets.UTF_8), tensors);
    } catch (EOFException | java.io.UTFDataFormatException e) {
      throw new InputException(file.toString(), 0, "truncated or corrupt checkpoint", e);
    }
  }
}
