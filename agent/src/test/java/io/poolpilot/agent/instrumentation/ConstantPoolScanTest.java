package io.poolpilot.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.agent.instrumentation.http.annotation.WithSpanNames;
import io.poolpilot.agent.it.app.PoolsApp;
import io.poolpilot.agent.it.app.TraceHopApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import org.junit.jupiter.api.Test;

class ConstantPoolScanTest {
  private final ConstantPoolScan withSpan = new ConstantPoolScan(WithSpanNames.descriptor());

  @Test
  void findsTheAnnotationOnAnnotatedMethodsAndNotInTheirOuterClass() {
    assertThat(withSpan.mayContain(classFile(TraceHopApp.Annotated.class))).isTrue();
    // The outer class imports the annotation but annotates nothing itself.
    assertThat(withSpan.mayContain(classFile(TraceHopApp.class))).isFalse();
    assertThat(withSpan.mayContain(classFile(ConstantPoolScanTest.class))).isFalse();
  }

  @Test
  void matchesWhenAnyOfSeveralConstantsIsThere() {
    ConstantPoolScan pools =
        new ConstantPoolScan(
            "java/util/concurrent/ThreadPoolExecutor", "java/util/concurrent/Executors");
    // Builds pools of both kinds.
    assertThat(pools.mayContain(classFile(PoolsApp.class))).isTrue();
    // Names neither.
    assertThat(pools.mayContain(classFile(HoldsTheDescriptorInALongerString.class))).isFalse();
    assertThat(
            new ConstantPoolScan("java/util/concurrent/Executors", "Ljava/lang/Deprecated;")
                .mayContain(classFile(PoolsApp.class)))
        .isTrue();
  }

  @Test
  void aStringConstantThatMerelyContainsTheDescriptorIsNoMatch() {
    assertThat(withSpan.mayContain(classFile(HoldsTheDescriptorInALongerString.class))).isFalse();
  }

  @Test
  void agreesWithAsmOnEveryClassOfJavaBase() throws IOException {
    // Two-slot constants (long, double), method handles, dynamic constants and modules all occur
    // in java.base; a constant present in some classes and absent from others tests both answers.
    ConstantPoolScan deprecated = new ConstantPoolScan("Ljava/lang/Deprecated;");
    int[] counts = new int[2];
    // The running JDK's own jrt file system, which is not to be closed.
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base"))) {
      files
          .filter(p -> p.toString().endsWith(".class"))
          .forEach(
              p -> {
                byte[] bytes = read(p);
                boolean expected = hasUtf8Constant(bytes, "Ljava/lang/Deprecated;");
                assertThat(deprecated.mayContain(bytes)).as(p.toString()).isEqualTo(expected);
                assertThat(withSpan.mayContain(bytes)).as(p.toString()).isFalse();
                counts[expected ? 1 : 0]++;
              });
    }
    assertThat(counts[0]).isGreaterThan(1000);
    assertThat(counts[1]).isGreaterThan(10);
  }

  @Test
  void whatItCannotReadCountsAsAPossibleMatch() {
    byte[] complete = classFile(TraceHopApp.class);
    assertThat(withSpan.mayContain(Arrays.copyOf(complete, complete.length / 3))).isTrue();
    assertThat(withSpan.mayContain("not a class".getBytes(StandardCharsets.US_ASCII))).isTrue();
    byte[] unknownTag = complete.clone();
    unknownTag[10] = 99; // the first constant's tag
    assertThat(withSpan.mayContain(unknownTag)).isTrue();
  }

  /** The reference: ASM's own index of the constant pool, entry by entry. */
  private static boolean hasUtf8Constant(byte[] classFile, String value) {
    byte[] wanted = value.getBytes(StandardCharsets.US_ASCII);
    ClassReader reader = new ClassReader(classFile);
    for (int i = 1; i < reader.getItemCount(); i++) {
      int offset = reader.getItem(i); // just after the entry's tag; 0 for a long's second slot
      if (offset > 0
          && classFile[offset - 1] == 1
          && reader.readUnsignedShort(offset) == wanted.length) {
        byte[] text = Arrays.copyOfRange(classFile, offset + 2, offset + 2 + wanted.length);
        if (Arrays.equals(text, wanted)) {
          return true;
        }
      }
    }
    return false;
  }

  private static byte[] classFile(Class<?> type) {
    String resource = type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class HoldsTheDescriptorInALongerString {
    static final List<String> TEXT =
        List.of("(Lio/opentelemetry/instrumentation/annotations/WithSpan;)V");
  }
}
