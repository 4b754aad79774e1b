package io.poolpilot.agent.instrumentation.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poolpilot.agent.it.app.PoolsApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EarlyPoolGateTest {
  private final ClassLoader agentLoader = new ClassLoader(null) {};
  private final ClassLoader applicationLoader = EarlyPoolGateTest.class.getClassLoader();
  private final EarlyPoolGate gate = new EarlyPoolGate(agentLoader);

  @AfterEach
  void openTheGate() {
    gate.open();
  }

  @Test
  void aClassThatBuildsPoolsWaitsUntilTheInstallationEnds() {
    AtomicReference<Thread> loading = new AtomicReference<>();
    CompletableFuture<byte[]> loaded =
        CompletableFuture.supplyAsync(
            () -> {
              loading.set(Thread.currentThread());
              return load(PoolsApp.class, applicationLoader);
            });

    await()
        .atMost(Duration.ofSeconds(4))
        .until(
            () -> loading.get() != null && loading.get().getState() == Thread.State.TIMED_WAITING);
    assertThat(loaded).isNotDone();

    gate.open();
    assertThat(loaded.join()).as("the class is left as it is").isNull();
    assertThat(gate.heldBack()).isEqualTo(1);
  }

  @Test
  void aClassThatNamesNoPoolIsNeverHeldBack() {
    assertThat(load(EarlyPoolGateTest.class, applicationLoader)).isNull();
    assertThat(gate.heldBack()).isZero();
  }

  @Test
  void theJdksAndTheAgentsOwnClassesAreNeverHeldBack() {
    assertThat(load(PoolsApp.class, null)).isNull();
    assertThat(load(PoolsApp.class, ClassLoader.getPlatformClassLoader())).isNull();
    assertThat(load(PoolsApp.class, agentLoader)).isNull();
    assertThat(
            gate.transform(
                null, applicationLoader, "java/util/X", null, null, bytes(PoolsApp.class)))
        .isNull();
    assertThat(gate.heldBack()).isZero();
  }

  @Test
  void aClassBeingRetransformedIsNeverHeldBack() {
    assertThat(
            gate.transform(
                null,
                applicationLoader,
                internalName(PoolsApp.class),
                PoolsApp.class,
                null,
                bytes(PoolsApp.class)))
        .isNull();
    assertThat(gate.heldBack()).isZero();
  }

  @Test
  void onceOpenNothingWaits() {
    gate.open();
    assertThat(load(PoolsApp.class, applicationLoader)).isNull();
    assertThat(gate.heldBack()).isZero();
  }

  /** Hands {@code type}'s class file to the gate as if {@code loader} were loading it. */
  private byte[] load(Class<?> type, ClassLoader loader) {
    return gate.transform(null, loader, internalName(type), null, null, bytes(type));
  }

  private static String internalName(Class<?> type) {
    return type.getName().replace('.', '/');
  }

  private static byte[] bytes(Class<?> type) {
    try (InputStream in =
        type.getClassLoader().getResourceAsStream(internalName(type) + ".class")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
