package dev.atomsync.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The users file: what it grants, and the messages a broken one gets. */
class UsersTest {
  @TempDir Path dir;

  @Test
  void parse_grantsReadWriteReadOnlyAndWriteGroups() {
    Users users =
        Users.parse(
            """
            {"users": {"alice": {"token": "t1", "groups": ["todo"], "read": ["news"], "write": ["inbox"]}}}
            """);

    User alice = users.authenticate("t1");

    assertThat(alice).isNotNull();
    assertThat(alice.name()).isEqualTo("alice");
    assertThat(alice.mayRead("todo")).isTrue();
    assertThat(alice.mayWrite("todo")).isTrue();
    assertThat(alice.mayRead("news")).isTrue();
    assertThat(alice.mayWrite("news")).isFalse();
    assertThat(alice.mayRead("inbox")).isTrue();
    assertThat(alice.mayWrite("inbox")).isTrue();
    assertThat(alice.mayRead("other")).isFalse();
    assertThat(users.isOpen()).isFalse();
    assertThat(users.size()).isEqualTo(1);
  }

  @Test
  void parse_acceptsSha256TokensInEitherCase() throws Exception {
    String hex = sha256Hex("secret");
    Users users =
        Users.parse(
            """
            {"users": {"a": {"token-sha256": "%s", "groups": []}, "b": {"token-sha256": "%s", "groups": []}}}
            """
                .formatted(sha256Hex("other"), hex.toUpperCase()));

    assertThat(users.authenticate("secret")).isNotNull().extracting(User::name).isEqualTo("b");
    assertThat(users.authenticate("other")).isNotNull().extracting(User::name).isEqualTo("a");
    assertThat(users.authenticate(hex)).isNull();
  }

  @Test
  void authenticate_unknownTokenIsNull() {
    Users users = Users.parse("{\"users\": {\"alice\": {\"token\": \"t1\", \"groups\": [\"todo\"]}}}");

    assertThat(users.authenticate("t2")).isNull();
    assertThat(users.authenticate("")).isNull();
  }

  @Test
  void open_allowsEveryGroup() {
    Users users = Users.open();

    assertThat(users.isOpen()).isTrue();
    assertThat(users.authenticate("anything").mayWrite("any")).isTrue();
  }

  @Test
  void parse_rejectsUserWithoutToken() {
    assertThatThrownBy(() -> Users.parse("{\"users\": {\"alice\": {\"groups\": [\"todo\"]}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alice")
        .hasMessageContaining("\"token\"");
  }

  @Test
  void parse_rejectsUserWithBothTokenForms() {
    String json =
        "{\"users\": {\"alice\": {\"token\": \"t\", \"token-sha256\": \"%s\", \"groups\": []}}}"
            .formatted("a".repeat(64));

    assertThatThrownBy(() -> Users.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alice")
        .hasMessageContaining("exactly one");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "zz", "0123456789abcdef", "g000000000000000000000000000000000000000000000000000000000000000"})
  void parse_rejectsBadHex(String hex) {
    String json = "{\"users\": {\"alice\": {\"token-sha256\": \"%s\", \"groups\": []}}}".formatted(hex);

    assertThatThrownBy(() -> Users.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alice")
        .hasMessageContaining("64 hex digits");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"has space\"", "\"\"", "\"a/b\"", "5", "null"})
  void parse_rejectsInvalidGroupName(String group) {
    String json = "{\"users\": {\"alice\": {\"token\": \"t\", \"read\": [\"ok\", %s]}}}".formatted(group);

    assertThatThrownBy(() -> Users.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alice")
        .hasMessageContaining("invalid group name");
  }

  @Test
  void parse_rejectsGroupsThatAreNotAList() {
    assertThatThrownBy(() -> Users.parse("{\"users\": {\"alice\": {\"token\": \"t\", \"groups\": \"todo\"}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alice")
        .hasMessageContaining("must be a list");
  }

  @Test
  void parse_rejectsDuplicateTokens() {
    String json =
        "{\"users\": {\"alice\": {\"token\": \"same\", \"groups\": []}, \"bob\": {\"token\": \"same\", \"groups\": []}}}";

    assertThatThrownBy(() -> Users.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bob")
        .hasMessageContaining("token");
  }

  @Test
  void parse_rejectsPlainTokenThatDuplicatesAnotherUsersHash() throws Exception {
    String json =
        "{\"users\": {\"alice\": {\"token\": \"same\", \"groups\": []}, \"bob\": {\"token-sha256\": \"%s\", \"groups\": []}}}"
            .formatted(sha256Hex("same"));

    assertThatThrownBy(() -> Users.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bob");
  }

  @Test
  void parse_rejectsEmptyToken() {
    assertThatThrownBy(() -> Users.parse("{\"users\": {\"alice\": {\"token\": \"\", \"groups\": []}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alice")
        .hasMessageContaining("non-empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"users\": ", "users: {}", "{'users': {}}", "not json at all"})
  void parse_rejectsTextThatIsNotJson(String text) {
    assertThatThrownBy(() -> Users.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not valid JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "[]", "null", "{\"users\": []}", "{\"people\": {}}"})
  void parse_rejectsJsonWithoutUsersObject(String text) {
    assertThatThrownBy(() -> Users.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"users\"");
  }

  @Test
  void parse_rejectsUserThatIsNotAnObject() {
    assertThatThrownBy(() -> Users.parse("{\"users\": {\"alice\": \"t\"}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alice")
        .hasMessageContaining("object");
  }

  @Test
  void load_namesTheFileAndWhatIsWrong() throws Exception {
    Path file = dir.resolve("users.json");
    Files.writeString(file, "{\"users\": {\"alice\": {\"groups\": []}}}");

    assertThatThrownBy(() -> Users.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("alice");
  }

  @Test
  void load_ofMissingFileSaysItDoesNotExist() {
    Path file = dir.resolve("nope.json");

    assertThatThrownBy(() -> Users.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not exist")
        .hasMessageNotContaining("Exception");
  }

  private static String sha256Hex(String token) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
  }
}
