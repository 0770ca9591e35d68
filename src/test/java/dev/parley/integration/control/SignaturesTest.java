package dev.parley.integration.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** INT-4: Standard Webhooks signatures, against the specification's own example. */
class SignaturesTest {

  // the example of the Standard Webhooks reference libraries
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long TIMESTAMP = 1614265330;
  static final String BODY = "{\"test\": 2432232314}";

  @Test
  void theReferenceExampleSignsAsTheSpecificationSays() {
    assertEquals(
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        Signatures.header(List.of(SECRET), ID, TIMESTAMP, BODY));
  }

  @Test
  void aRotationSignsWithBothSecretsAndEachVerifies() {
    String next = Signatures.newSecret();
    assertTrue(next.startsWith("whsec_"));
    String header = Signatures.header(List.of(next, SECRET), ID, TIMESTAMP, BODY);
    assertEquals(2, header.split(" ").length);
    assertTrue(Signatures.verify(SECRET, ID, TIMESTAMP, BODY, header));
    assertTrue(Signatures.verify(next, ID, TIMESTAMP, BODY, header));
    assertFalse(Signatures.verify(SECRET, ID, TIMESTAMP, BODY + " ", header), "body changed");
    assertFalse(Signatures.verify(SECRET, ID, TIMESTAMP + 1, BODY, header), "time changed");
  }
}
