package dev.lakehouse.jobs.generate;

import static dev.lakehouse.jobs.generate.GeneratedFiles.contents;
import static dev.lakehouse.jobs.generate.GeneratedFiles.fieldNames;
import static dev.lakehouse.jobs.generate.GeneratedFiles.lines;
import static dev.lakehouse.jobs.generate.GeneratedFiles.list;
import static dev.lakehouse.jobs.generate.GeneratedFiles.names;
import static dev.lakehouse.jobs.generate.GeneratedFiles.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IotGeneratorTest {
  private static final int CUSTOMERS = 400;
  private static final long SEED = 21;

  private static final List<String> CUSTOMER_FIELDS =
      List.of(
          "customerName",
          "email",
          "phone",
          "birthDay",
          "serialNumber",
          "registrationDate",
          "lastUpdateDate",
          "shareWithResearchAsOfDate",
          "shareWithPublicAsOfDate",
          "shareWithFriendsAsOfDate");

  @TempDir static Path shared;
  private static IotGenerator.Landing landing;
  private static List<JsonNode> customers;
  private static List<JsonNode> accelerometer;
  private static List<JsonNode> stepTrainer;

  @TempDir Path dir;

  @BeforeAll
  static void writeOnce() {
    landing = IotGenerator.write(shared, CUSTOMERS, SEED);
    customers = lines(shared.resolve("customer"));
    accelerometer = lines(shared.resolve("accelerometer"));
    stepTrainer = lines(shared.resolve("step_trainer"));
  }

  @Test
  void sameCustomersAndSeedGiveByteIdenticalFiles() {
    IotGenerator.write(dir.resolve("a"), 60, 5);
    IotGenerator.write(dir.resolve("b"), 60, 5);
    IotGenerator.write(dir.resolve("c"), 60, 6);
    for (String zone : List.of("customer", "accelerometer", "step_trainer")) {
      Map<String, byte[]> a = contents(dir.resolve("a").resolve(zone));
      Map<String, byte[]> b = contents(dir.resolve("b").resolve(zone));
      assertThat(a).isNotEmpty();
      assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
      a.forEach((name, bytes) -> assertThat(b.get(name)).as(zone + "/" + name).isEqualTo(bytes));
      assertThat(contents(dir.resolve("c").resolve(zone)).values().iterator().next())
          .isNotEqualTo(a.values().iterator().next());
    }
  }

  @Test
  void writesAFewJsonLinesFilesPerLandingFolder() {
    assertThat(names(shared.resolve("customer")))
        .containsExactly("customer-000001.json", "customer-000002.json");
    assertThat(names(shared.resolve("accelerometer"))).hasSize(IotGenerator.ACCELEROMETER_FILES);
    assertThat(names(shared.resolve("step_trainer"))).hasSize(IotGenerator.STEP_TRAINER_FILES);
    for (String zone : List.of("customer", "accelerometer", "step_trainer")) {
      for (Path file : list(shared.resolve(zone))) {
        assertThat(text(file)).endsWith("}\n").doesNotContain("\r", "}{", "},");
      }
    }
    assertThat(landing.customer())
        .isEqualTo(
            new Summary(
                2, GeneratedFiles.totalBytes(shared.resolve("customer")), CUSTOMERS, CUSTOMERS));
    assertThat(landing.accelerometer().rows()).isEqualTo(accelerometer.size());
    assertThat(landing.accelerometer().bytes())
        .isEqualTo(GeneratedFiles.totalBytes(shared.resolve("accelerometer")));
    assertThat(landing.stepTrainer().rows()).isEqualTo(stepTrainer.size());
    assertThat(landing.total().files()).isEqualTo(9);
  }

  @Test
  void recordsHaveTheStediFieldNamesAndTypes() {
    for (JsonNode c : customers) {
      List<String> fields = fieldNames(c);
      assertThat(fields).startsWith(CUSTOMER_FIELDS.subList(0, 7).toArray(String[]::new));
      assertThat(CUSTOMER_FIELDS).containsAll(fields);
      assertThat(c.get("email").asText()).matches("[A-Za-z]+\\.[A-Za-z]+\\d*@test\\.com");
      assertThat(c.get("birthDay").asText()).matches("\\d{4}-01-01");
      assertThat(c.get("registrationDate").isIntegralNumber()).isTrue();
      // A consent that was never given is absent, as in the real export, never null.
      c.fields().forEachRemaining(e -> assertThat(e.getValue().isNull()).isFalse());
    }
    assertThat(customers).anyMatch(c -> !c.has("shareWithResearchAsOfDate"));
    assertThat(customers).anyMatch(c -> c.has("shareWithResearchAsOfDate"));
    for (JsonNode a : accelerometer) {
      assertThat(fieldNames(a)).containsExactly("user", "timestamp", "x", "y", "z");
      assertThat(a.get("timestamp").isIntegralNumber()).isTrue();
      assertThat(a.get("x").isDouble()).isTrue();
    }
    for (JsonNode s : stepTrainer) {
      assertThat(fieldNames(s))
          .containsExactly("sensorReadingTime", "serialNumber", "distanceFromObject");
      assertThat(s.get("distanceFromObject").asInt()).isBetween(201, 300);
    }
    String customerLine = text(list(shared.resolve("customer")).get(0)).split("\n")[0];
    assertThat(customerLine).startsWith("{\"customerName\": \"").contains("\", \"email\": \"");
    String accelerometerLine = text(list(shared.resolve("accelerometer")).get(0)).split("\n")[0];
    assertThat(accelerometerLine).startsWith("{\"user\":\"").contains(",\"timestamp\":");
  }

  @Test
  void emailsAndSerialNumbersAreUnique() {
    Set<String> emails = new HashSet<>();
    Set<String> serials = new HashSet<>();
    customers.forEach(c -> emails.add(c.get("email").asText()));
    customers.forEach(c -> serials.add(c.get("serialNumber").asText()));
    assertThat(emails).hasSize(CUSTOMERS);
    assertThat(serials).hasSize(CUSTOMERS);
    Set<String> many = new HashSet<>();
    for (int i = 1; i <= 6_000; i++) {
      many.add(IotGenerator.customer(i, SEED).email());
    }
    assertThat(many).hasSize(6_000);
  }

  @Test
  void expectedCountsEqualTheZonesComputedFromTheFiles() {
    // customer_trusted: consent given.
    Map<String, String> trustedSerialByEmail = new HashMap<>();
    for (JsonNode c : customers) {
      if (c.hasNonNull("shareWithResearchAsOfDate")) {
        trustedSerialByEmail.put(c.get("email").asText(), c.get("serialNumber").asText());
      }
    }
    // accelerometer_trusted: readings of trusted customers.
    List<JsonNode> trustedAccelerometer =
        accelerometer.stream()
            .filter(a -> trustedSerialByEmail.containsKey(a.get("user").asText()))
            .toList();
    // customers_curated: trusted customers with readings.
    Set<String> curatedSerials = new HashSet<>();
    trustedAccelerometer.forEach(
        a -> curatedSerials.add(trustedSerialByEmail.get(a.get("user").asText())));
    // step_trainer_trusted: readings of curated customers' devices.
    List<JsonNode> trustedSteps =
        stepTrainer.stream()
            .filter(s -> curatedSerials.contains(s.get("serialNumber").asText()))
            .toList();
    // machine_learning_curated: join on timestamp = sensorReadingTime.
    Map<Long, Long> accelerometerByTime = new HashMap<>();
    trustedAccelerometer.forEach(
        a -> accelerometerByTime.merge(a.get("timestamp").asLong(), 1L, Long::sum));
    long machineLearning = 0;
    for (JsonNode s : trustedSteps) {
      machineLearning += accelerometerByTime.getOrDefault(s.get("sensorReadingTime").asLong(), 0L);
    }

    IotGenerator.Expected expected = IotGenerator.expected(CUSTOMERS, SEED);

    assertThat(expected)
        .isEqualTo(
            new IotGenerator.Expected(
                customers.size(),
                trustedSerialByEmail.size(),
                curatedSerials.size(),
                accelerometer.size(),
                trustedAccelerometer.size(),
                stepTrainer.size(),
                trustedSteps.size(),
                machineLearning));
  }

  @Test
  void theCountsExerciseEveryRule() {
    IotGenerator.Expected e = IotGenerator.expected(CUSTOMERS, SEED);
    // About half consent; some consenting customers have no phone readings.
    assertThat(e.consentingCustomers()).isBetween(CUSTOMERS * 35L / 100, CUSTOMERS * 65L / 100);
    assertThat(e.curatedCustomers()).isPositive().isLessThan(e.consentingCustomers());
    assertThat(e.trustedAccelerometerRows()).isPositive().isLessThan(e.accelerometerRows());
    assertThat(e.trustedStepTrainerRows()).isPositive().isLessThan(e.stepTrainerRows());
    // Readings coincide, and not all of them.
    assertThat(e.machineLearningRows()).isPositive();
    Set<Long> stepTimes = new HashSet<>();
    stepTrainer.forEach(s -> stepTimes.add(s.get("sensorReadingTime").asLong()));
    long matched =
        accelerometer.stream().filter(a -> stepTimes.contains(a.get("timestamp").asLong())).count();
    assertThat(matched).isPositive().isLessThan(accelerometer.size());
  }

  @Test
  void readingTimesOfDifferentCustomersNeverCoincide() {
    Map<Long, String> owner = new HashMap<>();
    Map<String, String> emailBySerial = new HashMap<>();
    customers.forEach(
        c -> emailBySerial.put(c.get("serialNumber").asText(), c.get("email").asText()));
    for (JsonNode a : accelerometer) {
      String previous = owner.putIfAbsent(a.get("timestamp").asLong(), a.get("user").asText());
      assertThat(previous == null || previous.equals(a.get("user").asText())).isTrue();
    }
    for (JsonNode s : stepTrainer) {
      String email = emailBySerial.get(s.get("serialNumber").asText());
      String previous = owner.get(s.get("sensorReadingTime").asLong());
      assertThat(previous == null || previous.equals(email)).isTrue();
    }
  }

  @Test
  void noCustomersWriteNoFiles() {
    IotGenerator.Landing empty = IotGenerator.write(dir, 0, 1);
    assertThat(empty.total()).isEqualTo(new Summary(0, 0, 0, 0));
    assertThat(Files.isDirectory(dir.resolve("customer"))).isTrue();
    assertThat(list(dir.resolve("customer"))).isEmpty();
    assertThat(IotGenerator.expected(0, 1))
        .isEqualTo(new IotGenerator.Expected(0, 0, 0, 0, 0, 0, 0, 0));
    assertThatThrownBy(() -> IotGenerator.expected(-1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBytesOfAGivenSeedNeverChange() {
    // Change only when the generated data must change: expectations are recorded by seed.
    IotGenerator.write(dir, 50, 42);
    assertThat(
            GeneratedFiles.sha256(
                GeneratedFiles.bytes(dir.resolve("customer/customer-000001.json"))))
        .isEqualTo(GOLDEN_CUSTOMER_1_SEED_42);
    assertThat(
            GeneratedFiles.sha256(
                GeneratedFiles.bytes(dir.resolve("accelerometer/accelerometer-000001.json"))))
        .isEqualTo(GOLDEN_ACCELEROMETER_1_SEED_42);
    assertThat(IotGenerator.expected(1000, 42)).isEqualTo(GOLDEN_EXPECTED_1000_SEED_42);
  }

  private static final String GOLDEN_CUSTOMER_1_SEED_42 =
      "846749623525c257e2c8dc2d6d68213588002edfd0ef9732629d5bb34cb94d84";
  private static final String GOLDEN_ACCELEROMETER_1_SEED_42 =
      "60bd647c3be34c0cfdade1f101583e51e3ec84820ebb83555d346c7f0f1fe22f";
  private static final IotGenerator.Expected GOLDEN_EXPECTED_1000_SEED_42 =
      new IotGenerator.Expected(1000, 500, 423, 20022, 10050, 13244, 5696, 7654);
}
