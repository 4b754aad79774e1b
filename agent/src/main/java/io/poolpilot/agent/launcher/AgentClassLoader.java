package io.poolpilot.agent.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's own classes (its code, the relocated Byte Buddy and OpenTelemetry SDK) from the
 * {@code inst/} folder of the agent jar, where they are stored as {@code .classdata}. No
 * application class loader can see them there, so an application's own copies of those libraries
 * never meet the agent's. Its parent is the platform loader: the agent sees the JDK and the
 * bootstrap bridge, nothing of the application.
 */
final class AgentClassLoader extends ClassLoader {
  private static final String PREFIX = "inst/";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain domain;

  AgentClassLoader(File agentJar) throws IOException {
    super("poolpilot-agent", ClassLoader.getPlatformClassLoader());
    this.jar = new JarFile(agentJar, false);
    URL url = agentJar.toURI().toURL();
    this.jarUrl = url.toString();
    this.domain = new ProtectionDomain(new CodeSource(url, (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      String pkg = name.substring(0, dot);
      if (getDefinedPackage(pkg) == null) {
        try {
          definePackage(pkg, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException alreadyDefinedInParallel) {
          // another thread defined it first
        }
      }
    }
    return defineClass(name, bytes, 0, bytes.length, domain);
  }

  @Override
  protected URL findResource(String name) {
    String entryName = PREFIX + (name.endsWith(".class") ? name + "data" : name);
    if (jar.getJarEntry(entryName) == null) {
      return null;
    }
    try {
      return new URL("jar:" + jarUrl + "!/" + entryName);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null
        ? Collections.emptyEnumeration()
        : Collections.enumeration(Collections.singletonList(url));
  }
}
