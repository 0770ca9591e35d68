package dev.parley.triage.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** TR-3: what counts as asking for a human, and as a yes or a no to "did this help?". */
class BotTest {

  @Test
  void requestsForAHumanAreRecognized() {
    for (String s :
        new String[] {
          "i want to talk to a human",
          "agent please",
          "can i speak to someone",
          "real person!",
          "get me a representative"
        }) {
      assertTrue(Bot.WANTS_HUMAN.matcher(s).find(), s);
    }
    for (String s :
        new String[] {
          "how do i reset my password",
          "my agentur invoice",
          "personal data export",
          "how many people can use my account"
        }) {
      assertFalse(Bot.WANTS_HUMAN.matcher(s).find(), s);
    }
  }

  @Test
  void yesAndNoAnswers() {
    assertTrue(Bot.YES.matcher("yes, thanks!").matches());
    assertTrue(Bot.YES.matcher("thank you").matches());
    assertTrue(Bot.NO.matcher("no it didn't").matches());
    assertFalse(Bot.YES.matcher("nope").matches());
    assertTrue(Bot.NO.matcher("not really").matches());
    assertFalse(Bot.NO.matcher("now it works").matches());
  }

  @Test
  void chineseRequestsAndAnswers() {
    for (String s : new String[] {"转人工", "我要找人工客服", "有没有真人", "请帮我联系客服"}) {
      assertTrue(Bot.wantsHuman(s), s);
    }
    for (String s : new String[] {"怎么重置密码", "客服电话发票怎么开"}) {
      assertFalse(Bot.wantsHuman(s), s);
    }
    assertTrue(Bot.saysYes("是的"));
    assertTrue(Bot.saysYes("好的，谢谢！"));
    assertTrue(Bot.saysYes("解决了"));
    assertFalse(Bot.saysYes("是不是要付费？"));
    assertTrue(Bot.saysNo("没有"));
    assertTrue(Bot.saysNo("还是不行。"));
    assertFalse(Bot.saysNo("不能同步怎么办"));
    assertEquals(Bot.Texts.CHINESE, Bot.Texts.of("密码忘了"));
    assertEquals(Bot.Texts.ENGLISH, Bot.Texts.of("forgot my password"));
    assertEquals(Bot.Texts.ENGLISH, Bot.Texts.of(null));
  }
}
