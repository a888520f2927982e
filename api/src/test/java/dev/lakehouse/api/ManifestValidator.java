package dev.lakehouse.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks manifests against the CRDs the way the API server does for {@code kubectl apply
 * --validate=strict}: defaults, structural schema, unknown fields, then CEL rules.
 */
public final class ManifestValidator {
  static final String NOT_CHECKED =
      "some validation rules were not checked because the object was invalid;"
          + " correct the existing errors to complete validation";

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");
  private static final Set<String> OBJECT_META =
      Set.of(
          "name",
          "generateName",
          "namespace",
          "labels",
          "annotations",
          "finalizers",
          "ownerReferences",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "managedFields",
          "selfLink");
  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");
  private static final ObjectMapper JSON = new ObjectMapper();
  // kubectl rejects duplicate keys; Jackson would silently keep the last one.
  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static ManifestValidator shared;

  private final Map<String, Target> targets = new HashMap<>();
  private final Set<String> groups = new HashSet<>();
  private final CelCompiler compiler =
      CelCompilerFactory.standardCelCompilerBuilder()
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .build();
  private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private final Map<String, CelRuntime.Program> programs = new HashMap<>();
  private final Map<String, com.google.re2j.Pattern> patterns = new HashMap<>();

  /** The schema of one served kind and version. */
  private record Target(JSONSchemaProps schema, boolean statusSubresource) {}

  /** One error, and whether it stops CEL evaluation (as type and enum errors do in the server). */
  private record Problem(String text, boolean blocking) {}

  ManifestValidator(Collection<CustomResourceDefinition> crds) {
    for (CustomResourceDefinition crd : crds) {
      String group = crd.getSpec().getGroup();
      groups.add(group);
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        if (Boolean.FALSE.equals(version.getServed())) {
          continue;
        }
        boolean status =
            version.getSubresources() != null && version.getSubresources().getStatus() != null;
        targets.put(
            group + "/" + version.getName() + "/" + crd.getSpec().getNames().getKind(),
            new Target(version.getSchema().getOpenAPIV3Schema(), status));
      }
    }
  }

  /** A validator for the CRDs generated from the api classes in this build. */
  static synchronized ManifestValidator shared() {
    if (shared == null) {
      shared = new ManifestValidator(CrdFiles.all());
    }
    return shared;
  }

  /** Whether the manifest's apiVersion belongs to one of the CRDs' groups. */
  boolean handles(Map<String, ?> manifest) {
    return manifest.get("apiVersion") instanceof String apiVersion
        && groups.contains(apiVersion.substring(0, Math.max(apiVersion.indexOf('/'), 0)));
  }

  /** Errors for creating the object; empty when the API server would accept it. */
  public List<String> validate(Map<String, ?> manifest) {
    return check(null, manifest);
  }

  /** Errors for replacing {@code old} by {@code updated}; transition rules take part. */
  public List<String> validateUpdate(Map<String, ?> old, Map<String, ?> updated) {
    return check(Objects.requireNonNull(old, "old"), updated);
  }

  /** The object as the API server would store it: status dropped, nulls pruned, defaults set. */
  Map<String, Object> normalized(Map<String, ?> manifest) {
    Target target = target(manifest);
    if (target == null) {
      throw new IllegalArgumentException("not a kind of these CRDs: " + manifest.get("kind"));
    }
    return normalized(manifest, target);
  }

  /** Errors for one value against one schema (structural rules only), as for CRD defaults. */
  List<String> schemaErrors(Object value, JSONSchemaProps schema, String path) {
    List<Problem> problems = new ArrayList<>();
    validateSchema(copy(value), schema, path, problems, false);
    return problems.stream().map(Problem::text).toList();
  }

  /** Every document of a multi-document YAML file, in order; empty documents are skipped. */
  static List<Map<String, Object>> loadAll(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      return loadAll(reader, file.toString());
    }
  }

  static List<Map<String, Object>> loadAll(String yaml) throws IOException {
    return loadAll(new StringReader(yaml), "<text>");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> loadAll(Reader reader, String source)
      throws IOException {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (MappingIterator<Object> docs = YAML.readerFor(Object.class).readValues(reader)) {
      while (docs.hasNextValue()) {
        Object doc = docs.nextValue();
        if (doc == null) {
          continue;
        }
        if (!(doc instanceof Map)) {
          throw new IOException(source + ": a document is not a mapping: " + doc);
        }
        documents.add((Map<String, Object>) doc);
      }
    }
    return documents;
  }

  private List<String> check(Map<String, ?> oldManifest, Map<String, ?> manifest) {
    if (!(manifest.get("apiVersion") instanceof String apiVersion)) {
      return List.of("apiVersion: Required value");
    }
    if (!(manifest.get("kind") instanceof String kind)) {
      return List.of("kind: Required value");
    }
    Target target = target(manifest);
    if (target == null) {
      return List.of("no matches for kind \"" + kind + "\" in version \"" + apiVersion + "\"");
    }
    List<Problem> problems = new ArrayList<>();
    Map<String, Object> object = normalized(manifest, target);
    checkMetadata(object.get("metadata"), problems);
    validateSchema(object, target.schema(), "", problems, true);
    if (problems.stream().anyMatch(Problem::blocking)) {
      problems.add(new Problem(NOT_CHECKED, false));
    } else {
      Map<String, Object> old = oldManifest == null ? null : normalized(oldManifest, target);
      evaluateRules(object, old, old != null, target.schema(), "", problems);
    }
    return problems.stream().map(Problem::text).toList();
  }

  private Target target(Map<String, ?> manifest) {
    return targets.get(manifest.get("apiVersion") + "/" + manifest.get("kind"));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> normalized(Map<String, ?> manifest, Target target) {
    Map<String, Object> object = (Map<String, Object>) copy(manifest);
    if (target.statusSubresource()) {
      // With a status subresource the server ignores status on create and update of the object.
      object.remove("status");
    }
    applyDefaults(object, target.schema());
    return object;
  }

  // --- defaulting, as structuraldefaulting.Default: prune non-nullable nulls, fill, recurse ---

  @SuppressWarnings("unchecked")
  private void applyDefaults(Object value, JSONSchemaProps schema) {
    if (schema == null) {
      return;
    }
    if (value instanceof Map<?, ?> raw) {
      Map<String, Object> map = (Map<String, Object>) raw;
      Map<String, JSONSchemaProps> properties = properties(schema);
      properties.forEach(
          (name, property) -> {
            if (map.containsKey(name) && map.get(name) == null && !nullable(property)) {
              map.remove(name);
            }
            if (!map.containsKey(name) && property.getDefault() != null) {
              map.put(name, fromJson(property.getDefault()));
            }
          });
      map.forEach(
          (name, child) -> {
            JSONSchemaProps property = properties.get(name);
            applyDefaults(child, property != null ? property : additionalProperties(schema));
          });
    } else if (value instanceof List<?> list) {
      list.forEach(item -> applyDefaults(item, items(schema)));
    }
  }

  // --- structural schema ---

  private void validateSchema(
      Object value, JSONSchemaProps schema, String path, List<Problem> out, boolean root) {
    if (value == null) {
      // Nulls in object fields were pruned before; this one sits in a list or a map.
      if (!nullable(schema) && !isEmpty(schema.getType())) {
        out.add(typeProblem(path, "null", schema.getType()));
      }
      return;
    }
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      if (!(value instanceof Long || value instanceof String)) {
        out.add(typeProblem(path, typeOf(value), "integer or string"));
      }
      return;
    }
    String type = schema.getType();
    if (isEmpty(type)) {
      return; // only x-kubernetes-preserve-unknown-fields schemas may omit the type
    }
    String actual = typeOf(value);
    if (!type.equals(actual) && !(type.equals("number") && actual.equals("integer"))) {
      out.add(typeProblem(path, actual, type));
      return;
    }
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
      List<Object> allowed = schema.getEnum().stream().map(ManifestValidator::fromJson).toList();
      if (!allowed.contains(value)) {
        String supported =
            allowed.stream().map(ManifestValidator::show).collect(Collectors.joining(", "));
        out.add(
            new Problem(
                at(path) + "Unsupported value: " + show(value) + ": supported values: " + supported,
                true));
        return;
      }
    }
    switch (type) {
      case "string" -> checkString((String) value, schema, path, out);
      case "integer", "number" ->
          checkNumber(((Number) value).doubleValue(), value, schema, path, out);
      case "array" -> checkArray((List<?>) value, schema, path, out);
      case "object" -> checkObject((Map<?, ?>) value, schema, path, out, root);
      default -> {}
    }
  }

  private void checkString(String value, JSONSchemaProps schema, String path, List<Problem> out) {
    int length = value.codePointCount(0, value.length());
    if (schema.getMaxLength() != null && length > schema.getMaxLength()) {
      long max = schema.getMaxLength();
      out.add(
          problem(path, "Too long: may not be more than " + max + (max == 1 ? " byte" : " bytes")));
    }
    if (schema.getMinLength() != null && length < schema.getMinLength()) {
      out.add(
          invalid(
              path, show(value), "should be at least " + schema.getMinLength() + " chars long"));
    }
    if (schema.getPattern() != null) {
      com.google.re2j.Pattern pattern;
      try {
        // The API server compiles patterns with Go's regexp (RE2): no lookaround, no
        // backreferences.
        pattern = patterns.computeIfAbsent(schema.getPattern(), com.google.re2j.Pattern::compile);
      } catch (PatternSyntaxException e) {
        out.add(
            invalid(
                path,
                show(schema.getPattern()),
                "the CRD's pattern is not RE2, so the API server rejects the CRD: "
                    + e.getMessage()));
        return;
      }
      if (!pattern.matcher(value).find()) {
        out.add(invalid(path, show(value), "should match '" + schema.getPattern() + "'"));
      }
    }
  }

  private void checkNumber(
      double number, Object value, JSONSchemaProps schema, String path, List<Problem> out) {
    Double max = schema.getMaximum();
    if (max != null) {
      boolean exclusive = Boolean.TRUE.equals(schema.getExclusiveMaximum());
      if (exclusive ? number >= max : number > max) {
        out.add(
            invalid(
                path,
                show(value),
                "should be less than " + (exclusive ? "" : "or equal to ") + plain(max)));
      }
    }
    Double min = schema.getMinimum();
    if (min != null) {
      boolean exclusive = Boolean.TRUE.equals(schema.getExclusiveMinimum());
      if (exclusive ? number <= min : number < min) {
        out.add(
            invalid(
                path,
                show(value),
                "should be greater than " + (exclusive ? "" : "or equal to ") + plain(min)));
      }
    }
  }

  private void checkArray(List<?> list, JSONSchemaProps schema, String path, List<Problem> out) {
    if (schema.getMaxItems() != null && list.size() > schema.getMaxItems()) {
      out.add(
          problem(
              path,
              "Too many: "
                  + list.size()
                  + ": must have at most "
                  + schema.getMaxItems()
                  + " items"));
    }
    if (schema.getMinItems() != null && list.size() < schema.getMinItems()) {
      out.add(
          invalid(
              path,
              String.valueOf(list.size()),
              "should have at least " + schema.getMinItems() + " items"));
    }
    JSONSchemaProps items = items(schema);
    for (int i = 0; i < list.size(); i++) {
      if (items != null) {
        validateSchema(list.get(i), items, path + "[" + i + "]", out, false);
      }
    }
  }

  private void checkObject(
      Map<?, ?> map, JSONSchemaProps schema, String path, List<Problem> out, boolean root) {
    if (schema.getRequired() != null) {
      for (String name : schema.getRequired()) {
        if (!map.containsKey(name)) {
          out.add(problem(child(path, name), "Required value"));
        }
      }
    }
    if (schema.getMaxProperties() != null && map.size() > schema.getMaxProperties()) {
      out.add(
          problem(
              path,
              "Too many: "
                  + map.size()
                  + ": must have at most "
                  + schema.getMaxProperties()
                  + " items"));
    }
    if (schema.getMinProperties() != null && map.size() < schema.getMinProperties()) {
      out.add(
          invalid(
              path,
              String.valueOf(map.size()),
              "should have at least " + schema.getMinProperties() + " properties"));
    }
    Map<String, JSONSchemaProps> properties = properties(schema);
    JSONSchemaProps additional = additionalProperties(schema);
    boolean anyAdditional =
        Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())
            || (schema.getAdditionalProperties() != null
                && Boolean.TRUE.equals(schema.getAdditionalProperties().getAllows()));
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String name = (String) entry.getKey();
      if (root && ROOT_FIELDS.contains(name)) {
        continue; // apiVersion and kind selected the schema; metadata is ObjectMeta, checked apart
      }
      JSONSchemaProps property = properties.get(name);
      if (property != null) {
        validateSchema(entry.getValue(), property, child(path, name), out, false);
      } else if (additional != null) {
        validateSchema(entry.getValue(), additional, path + "[" + name + "]", out, false);
      } else if (!anyAdditional) {
        // What strict field validation reports instead of pruning the field.
        out.add(new Problem("unknown field \"" + child(path, name) + "\"", false));
      }
    }
  }

  private void checkMetadata(Object metadata, List<Problem> out) {
    if (!(metadata instanceof Map<?, ?> meta)) {
      out.add(problem("metadata.name", "Required value: name or generateName is required"));
      return;
    }
    for (Object key : meta.keySet()) {
      if (!OBJECT_META.contains(key)) {
        out.add(new Problem("unknown field \"metadata." + key + "\"", false));
      }
    }
    Object name = meta.get("name");
    if (name == null && meta.get("generateName") == null) {
      out.add(problem("metadata.name", "Required value: name or generateName is required"));
    } else if (name != null
        && (!(name instanceof String text)
            || text.length() > 253
            || !DNS_SUBDOMAIN.matcher(text).matches())) {
      out.add(
          invalid(
              "metadata.name",
              show(name),
              "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
                  + " '-' or '.', and must start and end with an alphanumeric character"));
    }
    Object namespace = meta.get("namespace");
    if (namespace != null
        && (!(namespace instanceof String text)
            || text.length() > 63
            || !DNS_LABEL.matcher(text).matches())) {
      out.add(
          invalid(
              "metadata.namespace",
              show(namespace),
              "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or"
                  + " '-', and must start and end with an alphanumeric character"));
    }
    for (String field : List.of("labels", "annotations")) {
      Object values = meta.get(field);
      if (values != null
          && (!(values instanceof Map<?, ?> map)
              || !map.values().stream().allMatch(String.class::isInstance))) {
        out.add(invalid("metadata." + field, show(values), "must be a map of strings"));
      }
    }
  }

  // --- CEL rules (x-kubernetes-validations) ---

  private void evaluateRules(
      Object value,
      Object old,
      boolean hasOld,
      JSONSchemaProps schema,
      String path,
      List<Problem> out) {
    if (value == null || schema == null) {
      return;
    }
    if (schema.getXKubernetesValidations() != null) {
      for (ValidationRule rule : schema.getXKubernetesValidations()) {
        boolean transition = OLD_SELF.matcher(rule.getRule()).find();
        // A transition rule only runs on update, and only where the old object has this value.
        if (transition && !hasOld) {
          continue;
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put("self", value);
        if (transition) {
          vars.put("oldSelf", old);
        }
        String where = rule.getFieldPath() == null ? path : path + rule.getFieldPath();
        try {
          Object result = program(rule.getRule()).eval(vars);
          if (!(result instanceof Boolean)) {
            out.add(ruleFailed(where, "rule did not evaluate to a bool: " + rule.getRule()));
          } else if (!(Boolean) result) {
            out.add(ruleFailed(where, message(rule, vars)));
          }
        } catch (CelValidationException e) {
          out.add(ruleFailed(where, "compilation failed: " + e.getMessage()));
        } catch (CelEvaluationException e) {
          out.add(ruleFailed(where, e.getMessage() + " evaluating rule: " + rule.getRule()));
        }
      }
    }
    if (value instanceof Map<?, ?> map) {
      Map<?, ?> oldMap = hasOld && old instanceof Map<?, ?> m ? m : null;
      Map<String, JSONSchemaProps> properties = properties(schema);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String name = (String) entry.getKey();
        boolean childHasOld = oldMap != null && oldMap.containsKey(name);
        Object oldChild = childHasOld ? oldMap.get(name) : null;
        JSONSchemaProps property = properties.get(name);
        if (property != null) {
          evaluateRules(entry.getValue(), oldChild, childHasOld, property, child(path, name), out);
        } else if (additionalProperties(schema) != null) {
          evaluateRules(
              entry.getValue(),
              oldChild,
              childHasOld,
              additionalProperties(schema),
              path + "[" + name + "]",
              out);
        }
      }
    } else if (value instanceof List<?> list && items(schema) != null) {
      // Atomic lists do not correlate items with the old list, so transition rules skip them.
      for (int i = 0; i < list.size(); i++) {
        evaluateRules(list.get(i), null, false, items(schema), path + "[" + i + "]", out);
      }
    }
  }

  private String message(ValidationRule rule, Map<String, Object> vars) {
    if (!isEmpty(rule.getMessageExpression())) {
      try {
        return String.valueOf(program(rule.getMessageExpression()).eval(vars));
      } catch (CelValidationException | CelEvaluationException e) {
        // The server falls back to the static message when the expression fails.
      }
    }
    return isEmpty(rule.getMessage()) ? "failed rule: " + rule.getRule() : rule.getMessage();
  }

  private CelRuntime.Program program(String expression) throws CelValidationException {
    CelRuntime.Program program = programs.get(expression);
    if (program == null) {
      try {
        program = runtime.createProgram(compiler.compile(expression).getAst());
      } catch (CelEvaluationException e) {
        throw new IllegalStateException("cannot plan " + expression, e);
      }
      programs.put(expression, program);
    }
    return program;
  }

  // --- helpers ---

  private static Map<String, JSONSchemaProps> properties(JSONSchemaProps schema) {
    return schema.getProperties() == null ? Map.of() : schema.getProperties();
  }

  private static JSONSchemaProps additionalProperties(JSONSchemaProps schema) {
    return schema.getAdditionalProperties() == null
        ? null
        : schema.getAdditionalProperties().getSchema();
  }

  private static JSONSchemaProps items(JSONSchemaProps schema) {
    return schema.getItems() == null ? null : schema.getItems().getSchema();
  }

  private static boolean nullable(JSONSchemaProps schema) {
    return Boolean.TRUE.equals(schema.getNullable());
  }

  private static boolean isEmpty(String text) {
    return text == null || text.isEmpty();
  }

  /** A deep copy with YAML's numbers made CEL's: integers as Long, decimals as Double. */
  private static Object copy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), copy(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(copy(item)));
      return copy;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.longValueExact();
    }
    if (value instanceof Float || value instanceof BigDecimal) {
      return ((Number) value).doubleValue();
    }
    return value;
  }

  private static Object fromJson(JsonNode node) {
    return copy(JSON.convertValue(node, Object.class));
  }

  private static String typeOf(Object value) {
    if (value == null) {
      return "null";
    } else if (value instanceof String) {
      return "string";
    } else if (value instanceof Long) {
      return "integer";
    } else if (value instanceof Number) {
      return "number";
    } else if (value instanceof Boolean) {
      return "boolean";
    } else if (value instanceof Map) {
      return "object";
    } else if (value instanceof List) {
      return "array";
    }
    return value.getClass().getSimpleName();
  }

  private static String show(Object value) {
    if (value instanceof String text) {
      return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    if (value instanceof Map || value instanceof List) {
      return "\"" + typeOf(value) + "\"";
    }
    return String.valueOf(value);
  }

  private static String plain(double number) {
    return number == Math.rint(number) ? String.valueOf((long) number) : String.valueOf(number);
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String at(String path) {
    return path.isEmpty() ? "<root>: " : path + ": ";
  }

  private static Problem problem(String path, String text) {
    return new Problem(at(path) + text, false);
  }

  // The API server's OpenAPI errors repeat the path: "<path> in body should ...".
  private static Problem invalid(String path, String shownValue, String text) {
    return new Problem(
        at(path) + "Invalid value: " + shownValue + ": " + inBody(path) + text, false);
  }

  // A failed CEL rule names no value, only its message.
  private static Problem ruleFailed(String path, String text) {
    return new Problem(at(path) + "Invalid value: " + text, false);
  }

  private static Problem typeProblem(String path, String actual, String expected) {
    return new Problem(
        at(path)
            + "Invalid value: \""
            + actual
            + "\": "
            + inBody(path)
            + "must be of type "
            + expected
            + ": \""
            + actual
            + "\"",
        true);
  }

  private static String inBody(String path) {
    return (path.isEmpty() ? "" : path + " ") + "in body ";
  }
}
