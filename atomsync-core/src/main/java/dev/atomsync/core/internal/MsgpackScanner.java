package dev.atomsync.core.internal;

import java.util.Arrays;

/**
 * Walks Transit MessagePack before transit-java parses it. transit-java trusts the sizes in array
 * and map headers (it preallocates them, so five bytes could ask for gigabytes), parses recursively
 * (deep nesting overflows the stack), and silently misreads the bin and ext types Transit never
 * writes. This walk is iterative and checks every size against the bytes left.
 */
final class MsgpackScanner {
  private MsgpackScanner() {}

  /**
   * Returns the deepest nesting of arrays and maps in {@code bytes}.
   *
   * @throws IllegalArgumentException naming the offset and the rule the input broke
   */
  static int check(byte[] bytes, int maxDepth) {
    int[] left = new int[Math.min(16, maxDepth + 1)];
    left[0] = 1; // the one top-level value
    int open = 0;
    int deepest = 0;
    int pos = 0;
    while (true) {
      while (open > 0 && left[open] == 0) {
        open--;
      }
      if (left[open] == 0) {
        break;
      }
      left[open]--;
      if (pos >= bytes.length) {
        throw truncated(pos);
      }
      int at = pos;
      int b = bytes[pos++] & 0xff;
      long children = -1;
      if (b <= 0x7f || b >= 0xe0) {
        continue; // fixint
      } else if (b <= 0x8f) {
        children = 2L * (b & 0x0f);
      } else if (b <= 0x9f) {
        children = b & 0x0f;
      } else if (b <= 0xbf) {
        pos = skip(bytes, pos, b & 0x1f);
      } else {
        switch (b) {
          case 0xc0, 0xc2, 0xc3 -> {}
          case 0xc1 -> throw new IllegalArgumentException("byte 0xc1 at " + at + " is never used");
          case 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8 ->
              throw new IllegalArgumentException(
                  "MessagePack bin and ext types are not Transit (0x"
                      + Integer.toHexString(b)
                      + " at byte "
                      + at
                      + ")");
          case 0xcc, 0xd0 -> pos = skip(bytes, pos, 1);
          case 0xcd, 0xd1 -> pos = skip(bytes, pos, 2);
          case 0xca, 0xce, 0xd2 -> pos = skip(bytes, pos, 4);
          case 0xcb, 0xcf, 0xd3 -> pos = skip(bytes, pos, 8);
          case 0xd9 -> pos = skip(bytes, pos + 1, unsigned(bytes, pos, 1));
          case 0xda -> pos = skip(bytes, pos + 2, unsigned(bytes, pos, 2));
          case 0xdb -> pos = skip(bytes, pos + 4, unsigned(bytes, pos, 4));
          case 0xdc -> children = unsigned(bytes, pos, 2);
          case 0xdd -> children = unsigned(bytes, pos, 4);
          case 0xde -> children = 2 * unsigned(bytes, pos, 2);
          case 0xdf -> children = 2 * unsigned(bytes, pos, 4);
          default -> throw new IllegalStateException("unhandled byte 0x" + Integer.toHexString(b));
        }
        if (b >= 0xdc) {
          pos += b == 0xdc || b == 0xde ? 2 : 4;
        }
      }
      if (children >= 0) {
        if (open + 1 > maxDepth) {
          throw new IllegalArgumentException(
              "nesting deeper than " + maxDepth + " levels at byte " + at);
        }
        if (children > bytes.length - pos) {
          throw new IllegalArgumentException(
              "the header at byte "
                  + at
                  + " announces "
                  + children
                  + " items but only "
                  + (bytes.length - pos)
                  + " bytes follow");
        }
        deepest = Math.max(deepest, open + 1);
        if (children > 0) {
          if (++open == left.length) {
            left = Arrays.copyOf(left, Math.min(left.length * 2, maxDepth + 1));
          }
          left[open] = (int) children;
        }
      }
    }
    if (pos != bytes.length) {
      throw new IllegalArgumentException("unexpected bytes after the value, at byte " + pos);
    }
    return deepest;
  }

  private static long unsigned(byte[] bytes, int pos, int width) {
    if (width > bytes.length - pos) {
      throw truncated(pos);
    }
    long value = 0;
    for (int k = pos; k < pos + width; k++) {
      value = value << 8 | (bytes[k] & 0xff);
    }
    return value;
  }

  private static int skip(byte[] bytes, int pos, long length) {
    if (pos > bytes.length || length > bytes.length - pos) {
      throw truncated(pos);
    }
    return pos + (int) length;
  }

  private static IllegalArgumentException truncated(int pos) {
    return new IllegalArgumentException("truncated at byte " + pos);
  }
}
