package com.verenc.kms.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The AWS KMS API model (test resource aws/kms-2014-11-01.service-2.json): operations, shapes,
 * constraints.
 */
final class ServiceModel {

  /**
   * One member of an input shape: its wire name, its shape, whether the model requires it, its
   * documentation.
   */
  record Member(String name, Shape shape, boolean required, String documentation) {
    /** The name AWS uses in validation messages: {@code KeyId} becomes {@code keyId}. */
    String messageName() {
      return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
  }

  /** A shape with the constraints the model gives it. */
  record Shape(
      String name,
      String type,
      Optional<Long> min,
      Optional<Long> max,
      Optional<String> pattern,
      List<String> enumValues,
      Optional<String> listMember,
      List<Member> members) {}

  private final JsonNode model;

  private ServiceModel(JsonNode model) {
    this.model = model;
  }

  static ServiceModel load() {
    try (InputStream in =
        ServiceModel.class.getResourceAsStream("/aws/kms-2014-11-01.service-2.json")) {
      return new ServiceModel(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean hasOperation(String operation) {
    return model.path("operations").has(operation);
  }

  List<Member> inputMembers(String operation) {
    String input = model.path("operations").path(operation).path("input").path("shape").asText();
    return shape(input).members();
  }

  Shape shape(String name) {
    JsonNode s = model.path("shapes").path(name);
    List<String> enumValues = new ArrayList<>();
    s.path("enum").forEach(v -> enumValues.add(v.asText()));
    List<Member> members = new ArrayList<>();
    List<String> required = new ArrayList<>();
    s.path("required").forEach(r -> required.add(r.asText()));
    s.path("members")
        .fields()
        .forEachRemaining(
            e ->
                members.add(
                    new Member(
                        e.getKey(),
                        shape(e.getValue().path("shape").asText()),
                        required.contains(e.getKey()),
                        e.getValue().path("documentation").asText(""))));
    return new Shape(
        name,
        s.path("type").asText(),
        s.has("min") ? Optional.of(s.get("min").asLong()) : Optional.empty(),
        s.has("max") ? Optional.of(s.get("max").asLong()) : Optional.empty(),
        s.has("pattern") ? Optional.of(s.get("pattern").asText()) : Optional.empty(),
        enumValues,
        s.has("member") ? Optional.of(s.path("member").path("shape").asText()) : Optional.empty(),
        members);
  }
}
