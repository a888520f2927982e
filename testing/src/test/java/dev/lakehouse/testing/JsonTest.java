package dev.lakehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void readsATrinoAnswer() {
    Object answer =
        Json.parse(
            """
            {"id":"q1","nextUri":"http://127.0.0.1:1/v1/statement/q1/2",
             "columns":[{"name":"n","type":"bigint"}],
             "data":[[1,"a\\u00e9\\"b",null,true],[-2,"",2.5e1,false]],
             "error":{"message":"Access Denied: Cannot insert","errorName":"PERMISSION_DENIED"},
             "stats":{}}
            """);

    assertThat(answer).isInstanceOf(Map.class);
    Map<?, ?> map = (Map<?, ?>) answer;
    assertThat(map.get("nextUri")).isEqualTo("http://127.0.0.1:1/v1/statement/q1/2");
    assertThat(map.get("data"))
        .isEqualTo(
            List.of(
                Arrays.asList(1L, "aé\"b", null, true),
                Arrays.asList(-2L, "", new BigDecimal("2.5e1"), false)));
    assertThat(map.get("error"))
        .isEqualTo(
            Map.of("message", "Access Denied: Cannot insert", "errorName", "PERMISSION_DENIED"));
    assertThat(map.get("stats")).isEqualTo(Map.of());
  }

  @Test
  void refusesWhatIsNotJson() {
    assertThatThrownBy(() -> Json.parse("{\"a\":1")).hasMessageContaining("invalid JSON");
    assertThatThrownBy(() -> Json.parse("[1] x")).hasMessageContaining("trailing");
  }
}
