package dev.atomsync.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The users a server accepts, from a users file, or none at all (open development mode).
 *
 * <p>The file is JSON: {@code {"users": {"alice": {"token": "abc123", "groups": ["todo"]}}}}.
 * {@code "token-sha256"} (hex) may stand in place of {@code "token"} so the file holds no secret.
 * Beside {@code "groups"} (read and write), {@code "read"} lists groups the user may only pull and
 * {@code "write"} groups it may push to (and pull). Tokens are compared in constant time and never
 * logged. Immutable and thread-safe.
 */
public final class Users {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final @Nullable List<Entry> entries;

  private Users(@Nullable List<Entry> entries) {
    this.entries = entries;
  }

  /** Returns the open configuration: no tokens needed, every group allowed. */
  public static Users open() {
    return new Users(null);
  }

  /**
   * Returns the users of the file at {@code path}.
   *
   * @throws IllegalArgumentException naming the file and what is wrong in it
   */
  public static Users load(Path path) {
    try {
      return parse(Files.readString(path));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("users file " + path + " does not exist", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read users file " + path + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("users file " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the users a users-file JSON text describes.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Users parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode users = root == null ? null : root.get("users");
    if (users == null || !users.isObject()) {
      throw new IllegalArgumentException("expected an object {\"users\": {...}}");
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> hashes = new LinkedHashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = users.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      Entry entry = Entry.parse(field.getKey(), field.getValue());
      if (!hashes.add(HexFormat.of().formatHex(entry.tokenHash))) {
        throw new IllegalArgumentException("user " + field.getKey() + " shares a token with another");
      }
      entries.add(entry);
    }
    return new Users(List.copyOf(entries));
  }

  /** Returns whether no users are configured, so that every request is allowed. */
  public boolean isOpen() {
    return entries == null;
  }

  /** Returns how many users are configured (0 in open mode). */
  public int size() {
    return entries == null ? 0 : entries.size();
  }

  /** Returns the user whose token is {@code token}, or null when none has it. */
  public @Nullable User authenticate(String token) {
    if (entries == null) {
      return User.ANONYMOUS;
    }
    byte[] presented = sha256(token);
    User found = null;
    // Compare against every entry, so the time taken does not tell which one matched.
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(presented, entry.tokenHash)) {
        found = entry.user;
      }
    }
    return found;
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  private record Entry(User user, byte[] tokenHash) {
    static Entry parse(String name, JsonNode node) {
      if (!node.isObject()) {
        throw new IllegalArgumentException("user " + name + " must be an object");
      }
      JsonNode token = node.get("token");
      JsonNode tokenSha = node.get("token-sha256");
      if ((token == null) == (tokenSha == null)) {
        throw new IllegalArgumentException(
            "user " + name + " needs exactly one of \"token\" and \"token-sha256\"");
      }
      byte[] hash;
      if (token != null) {
        if (!token.isTextual() || token.asText().isEmpty()) {
          throw new IllegalArgumentException("user " + name + ": \"token\" must be a non-empty string");
        }
        hash = sha256(token.asText());
      } else {
        String hex = tokenSha.isTextual() ? tokenSha.asText() : "";
        if (!hex.matches("[0-9a-fA-F]{64}")) {
          throw new IllegalArgumentException(
              "user " + name + ": \"token-sha256\" must be 64 hex digits");
        }
        hash = HexFormat.of().parseHex(hex);
      }
      Set<String> readWrite = groups(name, node, "groups");
      Set<String> readOnly = groups(name, node, "read");
      Set<String> write = groups(name, node, "write");
      Set<String> writable = new LinkedHashSet<>(readWrite);
      writable.addAll(write);
      Set<String> readable = new LinkedHashSet<>(writable);
      readable.addAll(readOnly);
      return new Entry(new User(name, readable, writable), hash);
    }

    private static Set<String> groups(String name, JsonNode node, String field) {
      JsonNode list = node.get(field);
      if (list == null) {
        return Set.of();
      }
      if (!list.isArray()) {
        throw new IllegalArgumentException("user " + name + ": \"" + field + "\" must be a list");
      }
      Set<String> groups = new LinkedHashSet<>();
      for (JsonNode group : list) {
        if (!group.isTextual() || !dev.atomsync.core.Ids.isValidGroup(group.asText())) {
          throw new IllegalArgumentException(
              "user " + name + ": \"" + field + "\" holds an invalid group name " + group);
        }
        groups.add(group.asText());
      }
      return groups;
    }
  }
}
