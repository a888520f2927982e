package dev.lakehouse.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.jobs.generate.IotGenerator;
import dev.lakehouse.jobs.generate.PokemonGenerator;
import dev.lakehouse.jobs.generate.RaygunGenerator;
import dev.lakehouse.jobs.manifest.ManifestSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples run green with the local runner ({@code lakehouse run -f examples/...}) on generated
 * data, and their gold tables hold exactly what the generators' seeds imply.
 */
class ExamplesRunIT {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final long SEED = 7;

  @TempDir static Path shared;
  static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = dev.lakehouse.jobs.engine.EngineFixtureAccess.spark(shared.resolve("spark-warehouse"));
  }

  static String run(Path home, String example) throws Exception {
    var printed = new ByteArrayOutputStream();
    var layout = new LocalLayout(home);
    ManifestSet manifests = ManifestSet.load(List.of(EXAMPLES.resolve(example)));
    new LocalRunner(spark, layout, new PrintStream(printed, true, StandardCharsets.UTF_8))
        .run(manifests);
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void raygunReportCountsRequestsPerIpExactly(@TempDir Path home) throws Exception {
    RaygunGenerator.write(home.resolve("buckets/lakehouse/landing/raygun"), 1200, SEED);

    String printed = run(home, "raygun");

    Map<String, Long> report =
        spark.table("gold.requests_by_ip").collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(report).isEqualTo(RaygunGenerator.expectedRequestsByIp(1200, SEED));
    assertThat(printed).contains("[raygun-errors-1] batch 3/3 committed").contains("[top-ips]");
    Path csv = home.resolve("buckets/lakehouse/reports/top-ips");
    assertThat(Files.list(csv).filter(p -> p.toString().endsWith(".csv")).findFirst()).isPresent();

    String again = run(home, "raygun");
    assertThat(again).contains("all 3 batches already committed");
    assertThat(spark.table("bronze.raygun_errors").count()).isEqualTo(1200);
  }

  @Test
  void pokemonFlowsFromBronzeToGold(@TempDir Path home) throws Exception {
    PokemonGenerator.write(home.resolve("buckets/lakehouse/landing/pokemon"), 300, SEED);

    run(home, "pokemon");

    assertThat(spark.table("silver.pokemon").count()).isEqualTo(300);
    Map<String, Long> byType =
        spark.table("gold.pokemon_by_type").collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(byType).isEqualTo(PokemonGenerator.expectedCountByType(300, SEED));
  }

  @Test
  void iotKeepsOnlyConsentingCustomersAndJoinsSensorsOnTime(@TempDir Path home) throws Exception {
    IotGenerator.write(home.resolve("buckets/lakehouse/landing"), 200, SEED);
    IotGenerator.Expected expected = IotGenerator.expected(200, SEED);

    run(home, "iot");

    assertThat(spark.table("bronze.customer_landing").count()).isEqualTo(expected.customers());
    assertThat(spark.table("silver.customer_trusted").count())
        .isEqualTo(expected.consentingCustomers());
    assertThat(spark.table("silver.accelerometer_trusted").count())
        .isEqualTo(expected.trustedAccelerometerRows());
    assertThat(spark.table("silver.step_trainer_trusted").count())
        .isEqualTo(expected.trustedStepTrainerRows());
    assertThat(spark.table("gold.customers_curated").count())
        .isEqualTo(expected.curatedCustomers());
    assertThat(spark.table("gold.machine_learning_curated").count())
        .isEqualTo(expected.machineLearningRows());
  }
}
