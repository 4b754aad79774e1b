package io.poolpilot.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.utility.JavaModule;
import org.junit.jupiter.api.Test;

class NameGateTest {
  private static final byte[] CHANGED = {1, 2, 3};
  private final List<String> seen = new ArrayList<>();
  private final NameGate gate =
      new NameGate(
          new Recording(),
          Set.of("java.util.concurrent.ThreadPoolExecutor", "org.example.Handler$Inner"));

  @Test
  void handsOnlyTheNamedClassesToByteBuddy() throws Exception {
    assertThat(
            gate.transform(
                null, null, "java/util/concurrent/ThreadPoolExecutor", null, null, new byte[0]))
        .isEqualTo(CHANGED);
    assertThat(
            gate.transform(
                Object.class.getModule(),
                null,
                "org/example/Handler$Inner",
                null,
                null,
                new byte[0]))
        .isEqualTo(CHANGED);
    assertThat(seen)
        .containsExactly(
            "module:java/util/concurrent/ThreadPoolExecutor", "module:org/example/Handler$Inner");
  }

  @Test
  void everyOtherClassIsLeftAloneWithoutAsking() throws Exception {
    assertThat(
            gate.transform(
                null, null, "java/util/concurrent/ForkJoinPool", null, null, new byte[0]))
        .isNull();
    assertThat(
            gate.transform(
                Object.class.getModule(), null, "org/example/Handler", null, null, new byte[0]))
        .isNull();
    assertThat(gate.transform(null, null, null, null, null, new byte[0]))
        .as("a hidden class")
        .isNull();
    assertThat(seen).isEmpty();
  }

  /** Stands in for Byte Buddy's transformer: records what reached it. */
  private final class Recording extends ResettableClassFileTransformer.AbstractBase {
    @Override
    public byte[] transform(
        ClassLoader loader,
        String name,
        Class<?> redefined,
        ProtectionDomain domain,
        byte[] classFile) {
      seen.add(name);
      return CHANGED;
    }

    @Override
    public byte[] transform(
        Module module,
        ClassLoader loader,
        String name,
        Class<?> redefined,
        ProtectionDomain domain,
        byte[] classFile) {
      seen.add("module:" + name);
      return CHANGED;
    }

    @Override
    public java.util.Iterator<AgentBuilder.Transformer> iterator(
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        Class<?> redefined,
        ProtectionDomain domain) {
      return List.<AgentBuilder.Transformer>of().iterator();
    }

    @Override
    public boolean reset(
        java.lang.instrument.Instrumentation inst,
        ResettableClassFileTransformer self,
        AgentBuilder.RedefinitionStrategy strategy,
        AgentBuilder.RedefinitionStrategy.DiscoveryStrategy discovery,
        AgentBuilder.RedefinitionStrategy.BatchAllocator batches,
        AgentBuilder.RedefinitionStrategy.Listener listener) {
      return false;
    }
  }
}
