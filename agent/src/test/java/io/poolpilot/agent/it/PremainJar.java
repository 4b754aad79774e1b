package io.poolpilot.agent.it;

import io.poolpilot.testsupport.FailsafeProperties;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes a {@code -javaagent} jar at test time from classes compiled with the tests. */
final class PremainJar {
  private PremainJar() {}

  /**
   * Writes {@code jar} with {@code premainClass} as its {@code Premain-Class}, holding that class,
   * its nested classes and {@code helpers}, read from the test classes directory.
   */
  static Path write(Path jar, Class<?> premainClass, Class<?>... helpers) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), premainClass.getName());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      addWithNested(out, premainClass);
      for (Class<?> helper : helpers) {
        addWithNested(out, helper);
      }
    }
    return jar;
  }

  private static void addWithNested(JarOutputStream out, Class<?> type) throws IOException {
    String entry = type.getName().replace('.', '/');
    Path file = FailsafeProperties.testClasses().resolve(entry + ".class");
    String simpleName = file.getFileName().toString().replace(".class", "");
    String folder = entry.substring(0, entry.lastIndexOf('/') + 1);
    try (DirectoryStream<Path> classes =
        Files.newDirectoryStream(file.getParent(), simpleName + "{.class,$*.class}")) {
      for (Path found : classes) {
        out.putNextEntry(new JarEntry(folder + found.getFileName()));
        out.write(Files.readAllBytes(found));
        out.closeEntry();
      }
    }
  }
}
