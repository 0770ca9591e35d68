package dev.parley.platform.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** KB-12: which texts are Chinese, and how Chinese is cut into words for full-text search. */
class LanguagesTest {

  @Test
  void chineseIsRecognizedByItsCharactersAgainstLatinWords() {
    assertTrue(Languages.isChinese("密码忘了怎么办"));
    assertTrue(Languages.isChinese("重置密码 password"));
    assertTrue(Languages.isChinese("同步报错E4021"));
    assertTrue(Languages.isChinese("Inkwell 支持 Linux 吗"));
    assertFalse(Languages.isChinese("How do I 重置 my password"));
    assertFalse(Languages.isChinese("reset password"));
    assertFalse(Languages.isChinese("パスワードを忘れた")); // Japanese kana
    assertFalse(Languages.isChinese("東京のパスワード")); // kanji with kana is Japanese
    assertFalse(Languages.isChinese(""));
    assertFalse(Languages.isChinese(null));
    assertFalse(Languages.isChinese("12345 ?!"));
  }

  @Test
  void languageTags() {
    assertTrue(Languages.isChineseTag("zh"));
    assertTrue(Languages.isChineseTag("zh-CN"));
    assertTrue(Languages.isChineseTag("ZH_hant"));
    assertFalse(Languages.isChineseTag("en"));
    assertFalse(Languages.isChineseTag("zhx"));
    assertFalse(Languages.isChineseTag(null));
  }

  @Test
  void chineseRunsBecomeOverlappingBigrams() {
    assertEquals(" 重置 置密 密码 ", Languages.segmented("重置密码"));
    assertEquals(" 钱 ", Languages.segmented("钱"));
    assertEquals("reset  密码 ?", Languages.segmented("reset 密码?"));
    assertEquals(" 错误 E4021", Languages.segmented("错误E4021"));
    assertEquals("no chinese here", Languages.segmented("no chinese here"));
    assertEquals(" 同步 ， 报错 ", Languages.segmented("同步，报错"));
    // characters outside the basic plane (CJK extension B) are kept whole
    assertEquals(" 𠀀字 ", Languages.segmented("𠀀字"));
  }
}
