package dev.atomsync.core;

import static dev.atomsync.core.Keys.*;

import dev.atomsync.core.internal.Fields;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body of every non-2xx answer from {@code /sync}: {@code {:error :keyword :message "text"}}. */
public record ErrorResponse(ErrorCode error, String message) {

  /** Returns the Transit map of this error. */
  public Map<Object, Object> toTransit() {
    Map<Object, Object> map = new LinkedHashMap<>(4);
    map.put(ERROR, error.keyword());
    map.put(MESSAGE, message);
    return map;
  }

  /**
   * Returns the error a decoded Transit map describes.
   *
   * @throws ProtocolException when it is malformed
   */
  public static ErrorResponse fromTransit(Object transit) {
    Fields f = Fields.of(transit, "error");
    return new ErrorResponse(ErrorCode.of(f.keyword(ERROR)), f.string(MESSAGE));
  }
}
