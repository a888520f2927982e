package dev.lakehouse.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SigV4Test {
  @Test
  void signsTheGetObjectExampleOfTheS3Documentation() {
    String authorization =
        SigV4.authorization(
            "GET",
            "/test.txt",
            "",
            Map.of(
                "Host", "examplebucket.s3.amazonaws.com",
                "Range", "bytes=0-9",
                "x-amz-content-sha256", SigV4.EMPTY_SHA256,
                "x-amz-date", "20130524T000000Z"),
            SigV4.EMPTY_SHA256,
            "us-east-1",
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    assertThat(authorization)
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + " SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + " Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  }

  @Test
  void encodesLikeS3() {
    assertThat(SigV4.encode("a b/c~d*é", true)).isEqualTo("a%20b/c~d%2A%C3%A9");
    assertThat(SigV4.encode("a/b", false)).isEqualTo("a%2Fb");
  }
}
