package dev.atomsync.core;

import com.cognitect.transit.Keyword;

/** The keywords of protocol messages. */
public final class Keys {
  public static final Keyword ID = Transit.kw("id");
  public static final Keyword VALUE = Transit.kw("value");
  public static final Keyword VERSION = Transit.kw("version");
  public static final Keyword DELETED = Transit.kw("deleted");
  public static final Keyword SEQ = Transit.kw("seq");
  public static final Keyword UPDATED = Transit.kw("updated");
  public static final Keyword DOCS = Transit.kw("docs");
  public static final Keyword CURSOR = Transit.kw("cursor");
  public static final Keyword MORE = Transit.kw("more");
  public static final Keyword RESET = Transit.kw("reset");
  public static final Keyword HORIZON = Transit.kw("horizon");
  public static final Keyword SINCE = Transit.kw("since");
  public static final Keyword GROUP = Transit.kw("group");
  public static final Keyword CLIENT = Transit.kw("client");
  public static final Keyword CHANGES = Transit.kw("changes");
  public static final Keyword OP = Transit.kw("op");
  public static final Keyword BASE = Transit.kw("base");
  public static final Keyword CHANGE = Transit.kw("change");
  public static final Keyword RESULTS = Transit.kw("results");
  public static final Keyword STATUS = Transit.kw("status");
  public static final Keyword DOC = Transit.kw("doc");
  public static final Keyword ERROR = Transit.kw("error");
  public static final Keyword MESSAGE = Transit.kw("message");

  private Keys() {}
}
