package dev.atomsync.server.internal.wire;

import java.nio.charset.StandardCharsets;

/** The keywords responses are made of, encoded once. */
enum WireKeyword {
  DOCS("docs"),
  CURSOR("cursor"),
  MORE("more"),
  RESET("reset"),
  HORIZON("horizon"),
  SINCE("since"),
  GROUP("group"),
  ID("id"),
  VALUE("value"),
  VERSION("version"),
  DELETED("deleted"),
  SEQ("seq"),
  UPDATED("updated"),
  RESULTS("results"),
  STATUS("status"),
  DOC("doc"),
  OK("ok"),
  CONFLICT("conflict");

  /** The keyword as a Transit string, {@code ~:name}, in UTF-8. */
  final byte[] text;

  /** The same as a JSON string, quotes included. */
  final byte[] json;

  WireKeyword(String name) {
    this.text = ("~:" + name).getBytes(StandardCharsets.UTF_8);
    this.json = ("\"~:" + name + "\"").getBytes(StandardCharsets.UTF_8);
  }
}
