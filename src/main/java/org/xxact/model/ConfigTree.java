package org.xxact.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.xxact.crystal.InputException;

/**
 * Configuration records as JSON trees: defaults in code, then a JSON file that overrides some fields, then
 * {@code key=value} overrides with dotted paths ({@code model.dModel=96}). Unknown keys are errors, never ignored, so
 * that a typo cannot silently run the default. Enum values are read in any case ({@code "fused"}, {@code "FUSED"}), as
 * on the command line.
 */
public final class ConfigTree {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .build();

  private ConfigTree() {}

  /** The shared mapper (indented output, unknown properties rejected). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Applies a JSON file and then {@code key=value} overrides to {@code defaults}.
   *
   * @param jsonFile a JSON object with any subset of the fields, or null for none
   * @param overrides {@code dotted.key=value} strings, applied in order
   */
  public static <T> T resolve(T defaults, Class<T> type, Path jsonFile, List<String> overrides) {
    ObjectNode tree = MAPPER.valueToTree(defaults);
    if (jsonFile != null) {
      JsonNode file;
      try {
        file = MAPPER.readTree(Files.readString(jsonFile));
      } catch (JsonProcessingException e) {
        throw new InputException(
            jsonFile.toString(), e.getLocation() == null ? 0 : e.getLocation().getLineNr(), e.getOriginalMessage());
      } catch (IOException e) {
        throw new InputException(jsonFile.toString(), 0, "cannot read: " + e.getMessage(), e);
      }
      if (!(file instanceof ObjectNode obj)) {
        throw new InputException(jsonFile.toString(), 1, "a configuration file must hold a JSON object");
      }
      merge(tree, obj, "", jsonFile.toString());
    }
    for (String override : overrides) {
      applyOverride(tree, override);
    }
    return fromTree(tree, type, jsonFile == null ? "--set" : jsonFile.toString());
  }

  /** Parses a JSON string holding a whole configuration (as written by {@link #toJson}). */
  public static <T> T parse(String json, Class<T> type, String source) {
    try {
      return fromTree(MAPPER.readTree(json), type, source);
    } catch (JsonProcessingException e) {
      throw new InputException(source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), e.getOriginalMessage());
    }
  }

  /** The configuration as indented JSON. */
  public static String toJson(Object config) {
    try {
      return MAPPER.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + config.getClass().getSimpleName(), e);
    }
  }

  private static <T> T fromTree(JsonNode tree, Class<T> type, String source) {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      String reason = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
      throw new InputException(source, 0, "invalid configuration: " + reason);
    }
  }

  private static void merge(ObjectNode target, ObjectNode source, String prefix, String origin) {
    for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = prefix + field.getKey();
      JsonNode existing = target.get(field.getKey());
      if (existing == null) {
        throw new InputException(origin, 0, "unknown configuration key '" + key + "'");
      }
      if (existing instanceof ObjectNode existingObj && field.getValue() instanceof ObjectNode valueObj) {
        merge(existingObj, valueObj, key + ".", origin);
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  private static void applyOverride(ObjectNode tree, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new InputException("--set " + override, 0, "expected key=value");
    }
    String key = override.substring(0, eq).trim();
    String value = override.substring(eq + 1).trim();
    String[] path = key.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      if (!(node.get(path[i]) instanceof ObjectNode child)) {
        throw new InputException("--set " + override, 0, "unknown configuration key '" + key + "'");
      }
      node = child;
    }
    String leaf = path[path.length - 1];
    JsonNode existing = node.get(leaf);
    if (existing == null) {
      throw new InputException("--set " + override, 0, "unknown configuration key '" + key + "'");
    }
    node.set(leaf, parseLike(existing, value, override));
  }

  private static JsonNode parseLike(JsonNode existing, String value, String override) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    try {
      if (existing.isBoolean()) {
        if (!value.equals("true") && !value.equals("false")) {
          throw new NumberFormatException("not a boolean");
        }
        return f.booleanNode(Boolean.parseBoolean(value));
      }
      if (existing.isIntegralNumber()) {
        return f.numberNode(Long.parseLong(value));
      }
      if (existing.isNumber()) {
        return f.numberNode(Double.parseDouble(value));
      }
      if (existing.isNull() && (value.startsWith("{") || value.startsWith("["))) {
        // An optional setting that is off (null) takes a JSON value, such as a range {"min": 0, "max": 0.1}.
        return MAPPER.readTree(value);
      }
      if (existing.isTextual() || existing.isNull()) {
        return f.textNode(value);
      }
      return MAPPER.readTree(value);
    } catch (NumberFormatException | JsonProcessingException e) {
      throw new InputException("--set " + override, 0, "cannot read value '" + value + "': " + e.getMessage());
    }
  }
}
