package com.verenc.kms.node;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The node's packages depend on each other without cycles, so each can be understood (and changed)
 * from the packages below it. Dependencies are read from the import lines of the main sources; a
 * sub-package such as key.model is a package of its own.
 *
 * <p>The root package is counted class by class: it holds the composition root (Main, KmsNode,
 * NodeGuardian), which depends on every feature, and CborSerializable, which features depend on and
 * which depends on nothing. Counted as one package it would close a loop with every feature that
 * serializes; counted per class, only a real loop through one of its classes is a cycle.
 */
class PackageCyclesTest {
  private static final Path SOURCES = Path.of("src/main/java/com/verenc/kms/node");
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import\\s+(?:static\\s+)?com\\.verenc\\.kms\\.node\\.([\\w.*]+)\\s*;",
          Pattern.MULTILINE);

  @Test
  void noCyclesAmongTheNodesPackages() {
    Dependencies dependencies = Dependencies.read(SOURCES);
    List<String> cycles = new ArrayList<>();
    for (Set<String> component : dependencies.stronglyConnectedComponents()) {
      if (component.size() > 1) {
        cycles.add(dependencies.describe(component));
      }
    }
    if (!cycles.isEmpty()) {
      fail(
          "Package cycles in node/src/main (each package, then the files that make each edge):\n"
              + String.join("\n", cycles));
    }
  }

  /** Guards the test above against passing because it read nothing. */
  @Test
  void theScanSeesTheImportsOfEveryPackage() {
    Dependencies dependencies = Dependencies.read(SOURCES);
    assertTrue(
        dependencies.edges.getOrDefault("api", Map.of()).containsKey("key"),
        "api asks the key entities, so the scan must find api -> key; found " + dependencies.edges);
    assertTrue(
        dependencies.edges.getOrDefault("NodeGuardian", Map.of()).containsKey("api"),
        "NodeGuardian wires the api, so the scan must find NodeGuardian -> api; found "
            + dependencies.edges);
    assertTrue(
        dependencies.edges.getOrDefault("directory", Map.of()).containsKey("CborSerializable"),
        "the directory's messages are CborSerializable; found " + dependencies.edges);
  }

  /** Which package (or root class) imports which, and in which files. */
  private static final class Dependencies {
    /** From, to, and the source files (relative to the node's root package) making the edge. */
    final Map<String, Map<String, Set<String>>> edges = new TreeMap<>();

    final Set<String> nodes = new TreeSet<>();

    static Dependencies read(Path root) {
      assertTrue(
          Files.isDirectory(root),
          "no sources at " + root.toAbsolutePath() + "; run from the node module");
      Dependencies d = new Dependencies();
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(f -> f.toString().endsWith(".java")).forEach(f -> d.add(root, f));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return d;
    }

    private void add(Path root, Path file) {
      Path relative = root.relativize(file);
      String from =
          relative.getParent() == null
              ? className(relative.getFileName().toString())
              : relative.getParent().toString().replace(file.getFileSystem().getSeparator(), ".");
      nodes.add(from);
      String source;
      try {
        source = Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Matcher m = IMPORT.matcher(source);
      while (m.find()) {
        String to = target(m.group(1));
        if (!to.equals(from)) {
          nodes.add(to);
          edges
              .computeIfAbsent(from, k -> new TreeMap<>())
              .computeIfAbsent(to, k -> new TreeSet<>())
              .add(relative.toString());
        }
      }
    }

    /** The package of an imported name (its lower-case segments), or the root class it names. */
    private static String target(String imported) {
      List<String> packageSegments = new ArrayList<>();
      for (String segment : imported.split("\\.")) {
        if (segment.equals("*") || Character.isUpperCase(segment.charAt(0))) {
          return packageSegments.isEmpty() ? segment : String.join(".", packageSegments);
        }
        packageSegments.add(segment);
      }
      return String.join(".", packageSegments);
    }

    private static String className(String fileName) {
      return fileName.substring(0, fileName.length() - ".java".length());
    }

    /** Tarjan's algorithm: every set of nodes that all reach each other. */
    List<Set<String>> stronglyConnectedComponents() {
      Map<String, Integer> index = new HashMap<>();
      Map<String, Integer> low = new HashMap<>();
      Deque<String> stack = new ArrayDeque<>();
      Set<String> onStack = new TreeSet<>();
      List<Set<String>> components = new ArrayList<>();
      for (String node : nodes) {
        if (!index.containsKey(node)) {
          connect(node, index, low, stack, onStack, components);
        }
      }
      return components;
    }

    private void connect(
        String node,
        Map<String, Integer> index,
        Map<String, Integer> low,
        Deque<String> stack,
        Set<String> onStack,
        List<Set<String>> components) {
      index.put(node, index.size());
      low.put(node, index.get(node));
      stack.push(node);
      onStack.add(node);
      for (String next : edges.getOrDefault(node, Map.of()).keySet()) {
        if (!index.containsKey(next)) {
          connect(next, index, low, stack, onStack, components);
          low.put(node, Math.min(low.get(node), low.get(next)));
        } else if (onStack.contains(next)) {
          low.put(node, Math.min(low.get(node), index.get(next)));
        }
      }
      if (low.get(node).equals(index.get(node))) {
        Set<String> component = new TreeSet<>();
        String member;
        do {
          member = stack.pop();
          onStack.remove(member);
          component.add(member);
        } while (!member.equals(node));
        components.add(component);
      }
    }

    /** The packages of a cycle and, for each edge between them, the files that import across it. */
    String describe(Set<String> component) {
      StringBuilder text = new StringBuilder("  cycle among " + component + ":\n");
      for (String from : component) {
        edges
            .getOrDefault(from, Map.of())
            .forEach(
                (to, files) -> {
                  if (component.contains(to)) {
                    text.append("    ")
                        .append(from)
                        .append(" -> ")
                        .append(to)
                        .append(": ")
                        .append(files)
                        .append('\n');
                  }
                });
      }
      return text.toString();
    }
  }
}
