package io.poolpilot.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.poolpilot.testsupport.FailsafeProperties;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the layout of the built {@code poolpilot-agent.jar}: only the launcher and the bootstrap
 * bridge are ordinary classes, they reference nothing but the JDK and each other, Byte Buddy and
 * the OpenTelemetry SDK appear only relocated under {@code inst/}, and the protocol module only
 * relocated into the bridge, without its test fixtures.
 */
class ShadedJarIT {
  private static final String BOOTSTRAP = "io/poolpilot/agent/bootstrap/";
  private static final String LAUNCHER = "io/poolpilot/agent/launcher/";
  private static final String SHADED = "io/poolpilot/agent/shaded/";
  private static final String PROTOCOL = BOOTSTRAP + "protocol/";
  private static final List<String> UNRELOCATED =
      List.of("net/bytebuddy/", "io/opentelemetry/", "com/fasterxml/jackson/");

  /**
   * The protocol module's own package. None of its classes may stay there, but a hidden class may
   * still name it: javac leaves an unused constant-pool entry naming the class of every constant it
   * inlines ({@code TelemetryNames.SERVICE_NAME}), and the shade plugin copies a class in which it
   * has nothing to relocate byte for byte, entry included. Nothing ever resolves such an entry.
   */
  private static final String UNRELOCATED_PROTOCOL = "io/poolpilot/protocol/";

  /** Class names inside descriptors and signatures: {@code Ljava/lang/String;}. */
  private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([\\p{L}\\p{N}_$/]+)[;<]");

  private static File jarFile;
  private static JarFile jar;
  private static List<String> entries;

  @BeforeAll
  static void openJar() throws IOException {
    jarFile = FailsafeProperties.agentJar().toFile();
    assertThat(jarFile).isFile();
    jar = new JarFile(jarFile);
    entries = new ArrayList<>();
    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
      entries.add(e.nextElement().getName());
    }
  }

  @AfterAll
  static void closeJar() throws IOException {
    if (jar != null) {
      jar.close();
    }
  }

  @Test
  void carriesNoUnrelocatedByteBuddyOrOpenTelemetryEntryAnywhere() {
    assertThat(entries)
        .noneMatch(
            name ->
                UNRELOCATED.stream()
                    .anyMatch(p -> name.startsWith(p) || name.startsWith("inst/" + p)));
    assertThat(entries)
        .as("relocated copies are there")
        .anyMatch(name -> name.startsWith("inst/" + SHADED + "bytebuddy/"))
        .anyMatch(name -> name.startsWith("inst/" + SHADED + "opentelemetry/sdk/"));
  }

  @Test
  void everyOrdinaryClassIsInTheBootstrapBridgeOrTheLauncher() {
    List<String> classes = entries.stream().filter(n -> n.endsWith(".class")).toList();

    assertThat(classes)
        .isNotEmpty()
        .allMatch(name -> name.startsWith(BOOTSTRAP) || name.startsWith(LAUNCHER));
    assertThat(classes)
        .contains(
            BOOTSTRAP + "ExecutorHooks.class",
            BOOTSTRAP + "TimedTask.class",
            LAUNCHER + "PoolPilotAgent.class",
            LAUNCHER + "AgentClassLoader.class");
  }

  @Test
  void carriesTheProtocolRelocatedIntoTheBridgeWithoutItsTestFixtures() {
    assertThat(entries)
        .noneMatch(
            name ->
                name.startsWith(UNRELOCATED_PROTOCOL)
                    || name.startsWith("inst/" + UNRELOCATED_PROTOCOL));
    assertThat(entries)
        .contains(
            PROTOCOL + "TelemetryNames.class",
            PROTOCOL + "control/DesiredState.class",
            PROTOCOL + "histogram/ExponentialBuckets.class",
            PROTOCOL + "histogram/ExponentialHistogram.class");
    assertThat(entries)
        .as("the protocol's golden messages and test classes")
        .noneMatch(name -> name.contains("golden") || name.endsWith(".json"))
        .noneMatch(name -> name.contains("GoldenMessages") || name.endsWith("Test.class"));
  }

  @Test
  void everythingElseIsHiddenUnderInst() {
    assertThat(entries)
        .filteredOn(name -> !name.endsWith("/"))
        .filteredOn(name -> !name.startsWith("META-INF/MANIFEST.MF"))
        .allMatch(
            name ->
                name.startsWith("inst/")
                    || name.startsWith(BOOTSTRAP)
                    || name.startsWith(LAUNCHER));
    assertThat(entries).contains("inst/io/poolpilot/agent/AgentMain.classdata");
    assertThat(entries)
        .filteredOn(name -> name.startsWith(BOOTSTRAP) || name.startsWith(LAUNCHER))
        .noneMatch(name -> name.endsWith(".classdata"));
  }

  @Test
  void theBridgeAndLauncherReferenceOnlyTheJdkAndEachOther() throws IOException {
    Set<String> rootClasses = new TreeSet<>();
    for (String name : entries) {
      if (name.endsWith(".class") && (name.startsWith(BOOTSTRAP) || name.startsWith(LAUNCHER))) {
        rootClasses.add(name.substring(0, name.length() - ".class".length()));
      }
    }
    Map<String, Set<String>> offending = new TreeMap<>();
    for (String own : rootClasses) {
      for (String referenced : referencedClasses(read(own + ".class"))) {
        if (!rootClasses.contains(referenced) && !isJdkType(referenced)) {
          offending.computeIfAbsent(own, k -> new TreeSet<>()).add(referenced);
        }
      }
    }

    assertThat(rootClasses).isNotEmpty();
    assertThat(offending).as("non-JDK references of root classes").isEmpty();
  }

  @Test
  void theConstantPoolReaderSeesClassesAndDescriptorTypes() throws IOException {
    Set<String> launcher = referencedClasses(read(LAUNCHER + "PoolPilotAgent.class"));
    Set<String> hooks = referencedClasses(read(BOOTSTRAP + "ExecutorHooks.class"));

    assertThat(launcher)
        .contains(
            "java/lang/instrument/Instrumentation",
            "java/lang/reflect/Method",
            LAUNCHER + "AgentClassLoader");
    assertThat(hooks)
        .as("ClassLoader appears only in a field descriptor, BlockingQueue in method descriptors")
        .contains(
            "java/lang/ClassLoader",
            "java/util/concurrent/BlockingQueue",
            BOOTSTRAP + "PoolProbes",
            BOOTSTRAP + "WorkerTimings");
    assertThat(isJdkType("java/util/concurrent/ThreadPoolExecutor")).isTrue();
    assertThat(isJdkType("org/junit/jupiter/api/Test")).isFalse();
    assertThat(isJdkType("io/poolpilot/agent/AgentMain")).isFalse();
  }

  @Test
  void theHiddenClassesReferenceOnlyRelocatedLibraries() throws IOException {
    Map<String, Set<String>> offending = new TreeMap<>();
    for (String name : entries) {
      if (!name.endsWith(".classdata")) {
        continue;
      }
      for (String referenced : referencedClasses(read(name))) {
        if (UNRELOCATED.stream().anyMatch(referenced::startsWith)) {
          offending.computeIfAbsent(name, k -> new TreeSet<>()).add(referenced);
        }
      }
    }

    assertThat(offending).as("unrelocated references").isEmpty();
  }

  @Test
  void serviceFilesNameRelocatedClasses() throws IOException {
    List<String> services =
        entries.stream().filter(n -> n.startsWith("inst/META-INF/services/")).toList();
    assertThat(services).isNotEmpty();
    for (String service : services) {
      String file = service.substring("inst/META-INF/services/".length());
      if (file.isEmpty()) {
        continue;
      }
      assertThat(file).as(service).doesNotStartWith("io.opentelemetry.");
      String text = new String(read(service), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        String implementation = line.replaceAll("#.*", "").trim();
        if (implementation.isEmpty()) {
          continue;
        }
        assertThat(implementation)
            .as("%s lists %s", service, implementation)
            .doesNotStartWith("io.opentelemetry.")
            .doesNotStartWith("net.bytebuddy.");
        String entry = "inst/" + implementation.replace('.', '/') + ".classdata";
        assertThat(entries).as(service).contains(entry);
      }
    }
  }

  @Test
  void everyClassTargetsJava17OrEarlier() throws IOException {
    Map<String, Integer> tooNew = new TreeMap<>();
    for (String name : entries) {
      if (name.endsWith(".class") || name.endsWith(".classdata")) {
        byte[] bytes = read(name);
        int major = ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
        if (major > 61) {
          tooNew.put(name, major);
        }
      }
    }

    assertThat(tooNew).as("class files newer than Java 17 (major 61)").isEmpty();
  }

  @Test
  void manifestMakesTheJarAnAgentWithTheBridgeOnTheBootstrapPath() throws IOException {
    assertThat(jar.getManifest()).as("manifest").isNotNull();
    Attributes main = jar.getManifest().getMainAttributes();

    assertThat(main.getValue("Premain-Class"))
        .isEqualTo("io.poolpilot.agent.launcher.PoolPilotAgent");
    assertThat(entries).contains(main.getValue("Premain-Class").replace('.', '/') + ".class");
    assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
    assertThat(main.getValue("Boot-Class-Path")).isEqualTo(jarFile.getName());
  }

  private static byte[] read(String entry) throws IOException {
    JarEntry found = jar.getJarEntry(entry);
    assertThat(found).as(entry).isNotNull();
    try (InputStream in = jar.getInputStream(found)) {
      return in.readAllBytes();
    }
  }

  private static boolean isJdkType(String internalName) {
    try {
      Class<?> type =
          Class.forName(
              internalName.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
      Module module = type.getModule();
      return module.isNamed() && ModuleLayer.boot().findModule(module.getName()).isPresent();
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /**
   * Every class a class file names: its {@code CONSTANT_Class} entries and the types inside its
   * descriptors and signatures, array types reduced to their element type.
   */
  static Set<String> referencedClasses(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    assertThat(in.readInt()).as("magic").isEqualTo(0xCAFEBABE);
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> classIndexes = new ArrayList<>();
    List<Integer> descriptorIndexes = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classIndexes.add(in.readUnsignedShort());
        case 8, 19, 20 -> in.readUnsignedShort();
        case 16 -> descriptorIndexes.add(in.readUnsignedShort());
        case 3, 4, 9, 10, 11, 17, 18 -> in.readInt();
        case 12 -> {
          in.readUnsignedShort();
          descriptorIndexes.add(in.readUnsignedShort());
        }
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
      }
    }
    Set<String> referenced = new LinkedHashSet<>();
    for (int index : classIndexes) {
      String name = utf8[index];
      if (name.startsWith("[")) {
        addDescriptorTypes(name, referenced);
      } else {
        referenced.add(name);
      }
    }
    for (int index : descriptorIndexes) {
      addDescriptorTypes(utf8[index], referenced);
    }
    // Field and method descriptors and generic signatures are plain UTF-8 entries too.
    for (String text : utf8) {
      if (text != null && (text.startsWith("(") || text.startsWith("L") || text.startsWith("<"))) {
        addDescriptorTypes(text, referenced);
      }
    }
    return referenced;
  }

  private static void addDescriptorTypes(String descriptor, Set<String> into) {
    Matcher m = DESCRIPTOR_TYPE.matcher(descriptor);
    while (m.find()) {
      into.add(m.group(1));
    }
  }
}
