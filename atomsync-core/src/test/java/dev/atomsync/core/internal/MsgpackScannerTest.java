package dev.atomsync.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MsgpackScannerTest {

  private static int check(String hex, int maxDepth) {
    return MsgpackScanner.check(HexFormat.of().parseHex(hex), maxDepth);
  }

  @ParameterizedTest
  @CsvSource({
    // scalars of every width
    "00,0",
    "7f,0",
    "e0,0",
    "ff,0",
    "c0,0",
    "c2,0",
    "c3,0",
    "cc01,0",
    "cd0102,0",
    "ce01020304,0",
    "cf0102030405060708,0",
    "d0ff,0",
    "d1ffff,0",
    "d2ffffffff,0",
    "d3ffffffffffffffff,0",
    "ca3fc00000,0",
    "cb3ff8000000000000,0",
    "a0,0",
    "a3616263,0",
    "d903616263,0",
    "da0003616263,0",
    "db00000003616263,0",
    // containers
    "90,1",
    "9190,2",
    "920191c0,2",
    "80,1",
    "81a16190,2",
    "dc000101,1",
    "dd0000000101,1",
    "de000101c0,1",
    "df0000000101c0,1",
    "93919190c091c0,4"
  })
  void check_returnsDeepestNesting(String hex, int depth) {
    assertThat(check(hex, 10)).isEqualTo(depth);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "cc",
        "cd01",
        "ce010203",
        "cf01",
        "d3",
        "ca3fc0",
        "cb3ff8",
        "a36162",
        "d9",
        "d90361",
        "da00",
        "da000361",
        "db000000036162",
        "dc00",
        "dd000000",
        "de00",
        "df000000",
        "92c0",
        "8101",
        "8201c0"
      })
  void check_rejectsTruncatedInput(String hex) {
    assertThatThrownBy(() -> check(hex, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching(
            "(truncated at byte \\d+|the header at byte \\d+ announces \\d+ items but only \\d+"
                + " bytes follow)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c40100",
        "c5000100",
        "c600000001ff",
        "c7010100",
        "c801000100",
        "d40100",
        "d80100"
      })
  void check_rejectsBinAndExtTypes(String hex) {
    assertThatThrownBy(() -> check(hex, 10))
        .hasMessageContaining("bin and ext types are not Transit");
  }

  @Test
  void check_rejectsNeverUsedByte() {
    assertThatThrownBy(() -> check("91c1", 10)).hasMessage("byte 0xc1 at 1 is never used");
  }

  @Test
  void check_rejectsBytesAfterTheValue() {
    assertThatThrownBy(() -> check("9001", 10))
        .hasMessage("unexpected bytes after the value, at byte 1");
  }

  @Test
  void check_rejectsHeaderAnnouncingMoreItemsThanBytesLeft() {
    assertThatThrownBy(() -> check("df7fffffff0101", 10))
        .hasMessage("the header at byte 0 announces 4294967294 items but only 2 bytes follow");
  }

  @Test
  void check_rejectsNestingBeyondLimit() {
    assertThat(check("919190", 3)).isEqualTo(3);
    assertThatThrownBy(() -> check("919190", 2))
        .hasMessage("nesting deeper than 2 levels at byte 2");
  }

  @Test
  void check_walksHundredThousandLevelsWithoutRecursion() {
    byte[] bytes = new byte[100_000];
    Arrays.fill(bytes, (byte) 0x91);
    bytes[bytes.length - 1] = (byte) 0x90;

    assertThat(MsgpackScanner.check(bytes, 200_000)).isEqualTo(100_000);
  }
}
