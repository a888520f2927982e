package dev.lakehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A {@code java} command line for a server JVM, its arguments in an argument file. */
final class JavaCommand {
  private final Path java;
  private final List<Path> argFiles = new ArrayList<>();
  private final List<String> jvmOptions = new ArrayList<>();
  private final List<Path> classpath = new ArrayList<>();
  private String mainClass;
  private final List<String> args = new ArrayList<>();

  private JavaCommand(Path java) {
    this.java = java;
  }

  /** The JVM running the tests (Java 17 here); Trino runs on its own newer JDK ({@link #of}). */
  static JavaCommand current() {
    return new JavaCommand(Path.of(System.getProperty("java.home"), "bin", "java"));
  }

  static JavaCommand of(Path javaExecutable) {
    return new JavaCommand(javaExecutable);
  }

  /**
   * An argument file of the server's own, such as Trino's jvm.config: it goes on the command line
   * because the JVM does not expand an {@code @file} inside another one.
   */
  JavaCommand argFile(Path file) {
    argFiles.add(file);
    return this;
  }

  JavaCommand jvmOptions(String... options) {
    jvmOptions.addAll(List.of(options));
    return this;
  }

  JavaCommand classpath(List<Path> entries) {
    classpath.addAll(entries);
    return this;
  }

  JavaCommand mainClass(String name) {
    mainClass = name;
    return this;
  }

  JavaCommand args(String... values) {
    args.addAll(List.of(values));
    return this;
  }

  /**
   * Writes the argument file and returns the command that uses it: ~140 absolute jar paths on the
   * command line would fill {@code ps} and risk the kernel's per-argument length limit.
   */
  List<String> toCommand(Path argFile) {
    List<String> all = new ArrayList<>(jvmOptions);
    all.add("-cp");
    all.add(classpath.stream().map(Path::toString).collect(Collectors.joining(":")));
    all.add(mainClass);
    all.addAll(args);
    try {
      Files.write(argFile, all.stream().map(JavaCommand::quote).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    argFiles.forEach(file -> command.add("@" + file));
    command.add("@" + argFile);
    return command;
  }

  private static String quote(String arg) {
    return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
