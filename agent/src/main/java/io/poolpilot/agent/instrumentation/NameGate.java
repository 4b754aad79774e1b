package io.poolpilot.agent.instrumentation;

import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Lets Byte Buddy see only the classes it would transform. The JVM hands every class it loads to
 * every transformer, some twenty thousand for a Spring Boot application; Byte Buddy builds a class
 * file locator, a type pool and a type description for each before its ignore rule looks at the
 * name. The instrumentations here are chosen by exact name, so this gate compares the name the JVM
 * already passes with a set of names and returns at once for every other class. The JVM (9 and
 * later) calls only the form of {@code transform} that takes the module, so that is the one gated.
 * Seeing every class, it also counts them ({@link ClassLoadActivity}).
 */
final class NameGate extends ResettableClassFileTransformer.WithDelegation {
  private final Set<String> internalNames;

  NameGate(ResettableClassFileTransformer byteBuddy, Collection<String> binaryNames) {
    super(byteBuddy);
    this.internalNames =
        binaryNames.stream()
            .map(name -> name.replace('.', '/'))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether the class named {@code internalName} (as the JVM gives it) passes the gate. */
  boolean admits(String internalName) {
    return internalName != null && internalNames.contains(internalName);
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String internalName,
      Class<?> classBeingRedefined,
      ProtectionDomain domain,
      byte[] classFile)
      throws IllegalClassFormatException {
    long start = StartupProfile.now();
    ClassLoadActivity.loaded();
    if (!admits(internalName)) {
      StartupProfile.add("name gate, rejected", start);
      return null;
    }
    try {
      return classFileTransformer.transform(
          module, loader, internalName, classBeingRedefined, domain, classFile);
    } finally {
      StartupProfile.add("name gate, woven by Byte Buddy", start);
    }
  }
}
