package dev.atomsync.server.internal.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.atomsync.core.CodecException;
import dev.atomsync.core.WireFormat;
import java.io.IOException;

/** The tokens of Transit JSON, from Jackson's streaming parser on the shared factory. */
final class JsonTokens implements TokenSource {
  private final JsonParser parser;
  private int depth;
  private boolean started;

  JsonTokens(byte[] json) {
    try {
      this.parser = WireLimits.JSON.createParser(json);
    } catch (IOException e) {
      throw new CodecException(prefix() + e.getMessage(), e);
    }
  }

  @Override
  public int next() {
    JsonToken token;
    try {
      token = parser.nextToken();
    } catch (IOException e) {
      throw malformed(reason(e), e);
    }
    if (token == null) {
      if (!started) {
        throw malformed("no value (the input is empty)");
      }
      return EOF;
    }
    if (depth == 0 && started) {
      throw malformed("unexpected data after the value");
    }
    started = true;
    return switch (token) {
      case START_ARRAY -> open(START_ARRAY);
      case START_OBJECT -> open(START_MAP);
      case END_ARRAY -> close(END_ARRAY);
      case END_OBJECT -> close(END_MAP);
      case FIELD_NAME, VALUE_STRING -> STRING;
      case VALUE_NUMBER_INT -> integerKind();
      case VALUE_NUMBER_FLOAT -> FLOAT;
      case VALUE_TRUE -> TRUE;
      case VALUE_FALSE -> FALSE;
      case VALUE_NULL -> NULL;
      default -> throw malformed("unexpected JSON token " + token);
    };
  }

  private int open(int kind) {
    if (++depth > WireLimits.MAX_DEPTH) {
      throw malformed("nesting deeper than " + WireLimits.MAX_DEPTH + " levels");
    }
    return kind;
  }

  private int close(int kind) {
    depth--;
    return kind;
  }

  private int integerKind() {
    try {
      return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? BIG_INTEGER : INTEGER;
    } catch (IOException e) {
      throw malformed(reason(e), e);
    }
  }

  @Override
  public String text() {
    try {
      return parser.getText();
    } catch (IOException e) {
      throw malformed(reason(e), e);
    }
  }

  @Override
  public long longValue() {
    try {
      return parser.getLongValue();
    } catch (IOException e) {
      throw malformed(reason(e), e);
    }
  }

  @Override
  public String bigText() {
    return text();
  }

  @Override
  public double doubleValue() {
    try {
      return parser.getDoubleValue();
    } catch (IOException e) {
      throw malformed(reason(e), e);
    }
  }

  @Override
  public int depth() {
    return depth;
  }

  @Override
  public boolean mapsAsArrays() {
    return true;
  }

  @Override
  public CodecException malformed(String rule) {
    return malformed(rule, null);
  }

  private CodecException malformed(String rule, Throwable cause) {
    long at = parser.currentTokenLocation().getByteOffset();
    return new CodecException(prefix() + rule + (at >= 0 ? " (at byte " + at + ")" : ""), cause);
  }

  private static String prefix() {
    return "malformed " + WireFormat.JSON.mediaType() + ": ";
  }

  private static String reason(IOException e) {
    String message =
        e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
    if (message == null) {
      return "invalid JSON";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      // Closing a parser over a byte array only releases its buffers; it has nothing to report.
    }
  }
}
