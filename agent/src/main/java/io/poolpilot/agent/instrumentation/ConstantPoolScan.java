package io.poolpilot.agent.instrumentation;

import java.nio.charset.StandardCharsets;

/**
 * Tells whether a class file's constant pool holds one of a few given UTF-8 constants, without
 * parsing the class: it steps over the pool's entries by their sizes and compares only UTF-8
 * entries of a wanted length. An annotation on a method or class stores its type's descriptor in
 * the pool, and a class that names another class (to build, call or extend it) stores that class's
 * internal name there, so a class whose pool lacks them cannot carry the annotation or touch the
 * class. A class file this reader does not understand (a constant tag from a future JDK, a
 * truncated file) counts as a possible match, so the full transformer decides.
 */
public final class ConstantPoolScan {
  private static final int MAGIC = 0xCAFEBABE;

  private final byte[][] wanted;

  public ConstantPoolScan(String... constants) {
    if (constants.length == 0) {
      throw new IllegalArgumentException("no constant to look for");
    }
    // The constants this is used with are ASCII, where modified UTF-8 and UTF-8 agree.
    this.wanted = new byte[constants.length][];
    for (int i = 0; i < constants.length; i++) {
      wanted[i] = constants[i].getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * Whether {@code classFile} may hold one of the constants: false only when it certainly holds
   * none.
   */
  public boolean mayContain(byte[] classFile) {
    try {
      return scan(classFile);
    } catch (ArrayIndexOutOfBoundsException truncated) {
      return true;
    }
  }

  private boolean scan(byte[] b) {
    if (b.length < 10 || readInt(b, 0) != MAGIC) {
      return true;
    }
    int count = readShort(b, 8);
    int at = 10;
    for (int index = 1; index < count; index++) {
      int tag = b[at] & 0xFF;
      switch (tag) {
        case 1: // Utf8
          int length = readShort(b, at + 1);
          if (matchesAny(b, at + 3, length)) {
            return true;
          }
          at += 3 + length;
          break;
        case 3: // Integer
        case 4: // Float
        case 9: // Fieldref
        case 10: // Methodref
        case 11: // InterfaceMethodref
        case 12: // NameAndType
        case 17: // Dynamic
        case 18: // InvokeDynamic
          at += 5;
          break;
        case 5: // Long
        case 6: // Double: takes two entries
          at += 9;
          index++;
          break;
        case 7: // Class
        case 8: // String
        case 16: // MethodType
        case 19: // Module
        case 20: // Package
          at += 3;
          break;
        case 15: // MethodHandle
          at += 4;
          break;
        default:
          return true;
      }
    }
    return false;
  }

  private boolean matchesAny(byte[] b, int from, int length) {
    for (byte[] constant : wanted) {
      if (constant.length == length && matches(b, from, constant)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(byte[] b, int from, byte[] constant) {
    for (int i = 0; i < constant.length; i++) {
      if (b[from + i] != constant[i]) {
        return false;
      }
    }
    return true;
  }

  private static int readShort(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  private static int readInt(byte[] b, int at) {
    return (readShort(b, at) << 16) | readShort(b, at + 2);
  }
}
