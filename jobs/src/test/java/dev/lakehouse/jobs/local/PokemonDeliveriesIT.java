package dev.lakehouse.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.jobs.generate.PokemonGenerator;
import dev.lakehouse.jobs.manifest.ManifestSet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pokemon example over three deliveries with the local runner: the first documents; more
 * documents with one of the first delivered again, corrected; then nothing new. After each, silver
 * and gold equal what the test computes from the generator's seed and the correction, not from the
 * engine. (The second delivery used to fail: the silver merge ordered by a column transforms do not
 * have.)
 */
class PokemonDeliveriesIT {
  static final Path EXAMPLES = Path.of("..", "examples");
  static final long SEED = 23;
  static final int CORRECTED = 25;
  static final int CORRECTED_WEIGHT = 4242;

  @TempDir static Path shared;
  static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = dev.lakehouse.jobs.engine.EngineFixtureAccess.spark(shared.resolve("spark-warehouse"));
  }

  /** The silver row of one pokemon, as the test expects it. */
  record Silver(
      int id, String name, int height, int weight, int baseExperience, List<String> types) {
    static Silver generated(int id) {
      var p = PokemonGenerator.pokemon(id, SEED);
      return new Silver(id, p.name(), p.height(), p.weight(), p.baseExperience(), p.types());
    }

    Silver weighing(int newWeight) {
      return new Silver(id, name, height, newWeight, baseExperience, types);
    }
  }

  @Test
  void everyDeliveryLeavesSilverAndGoldExactlyAsTheDocumentsSay(@TempDir Path home)
      throws Exception {
    Path landing = home.resolve("buckets/lakehouse/landing/pokemon");
    Path runs = Files.createDirectories(home.resolve("runs"));

    // 1: the first 60 documents.
    PokemonGenerator.write(landing, 1, 60, SEED);
    run(home, runs, 1);
    Map<Integer, Silver> expected = new TreeMap<>();
    IntStream.rangeClosed(1, 60).forEach(id -> expected.put(id, Silver.generated(id)));
    assertTables(expected, 60);

    // 2: 30 new documents, and document 25 again with its weight corrected, in a later folder.
    PokemonGenerator.write(landing, 61, 30, SEED);
    ObjectMapper json = new ObjectMapper();
    ObjectNode corrected =
        (ObjectNode) json.readTree(landing.resolve(PokemonGenerator.fileName(CORRECTED)).toFile());
    corrected.put("weight", CORRECTED_WEIGHT);
    Path redelivery = Files.createDirectories(landing.resolve("corrections-2"));
    json.writeValue(redelivery.resolve(PokemonGenerator.fileName(CORRECTED)).toFile(), corrected);
    String printed = run(home, runs, 2);
    IntStream.rangeClosed(61, 90).forEach(id -> expected.put(id, Silver.generated(id)));
    expected.put(CORRECTED, expected.get(CORRECTED).weighing(CORRECTED_WEIGHT));
    assertThat(printed).contains("[pokemon-raw-2] pokemon-raw: 31 files");
    assertTables(expected, 91);

    // 3: nothing new: the tables stay as they are.
    run(home, runs, 3);
    assertTables(expected, 91);
  }

  private void assertTables(Map<Integer, Silver> expected, long bronzeRows) {
    assertThat(spark.table("bronze.pokemon_raw").count()).isEqualTo(bronzeRows);
    Map<Integer, Silver> silver = new TreeMap<>();
    for (Row r :
        spark
            .sql("SELECT id, name, height, weight, base_experience, types FROM silver.pokemon")
            .collectAsList()) {
      Silver row =
          new Silver(
              r.getInt(0), r.getString(1), r.getInt(2), r.getInt(3), r.getInt(4), r.getList(5));
      assertThat(silver.put(row.id(), row)).as("a second silver row for id %d", row.id()).isNull();
    }
    assertThat(silver).isEqualTo(expected);

    Map<String, List<Integer>> weightsByType = new TreeMap<>();
    expected
        .values()
        .forEach(
            p ->
                p.types()
                    .forEach(
                        t ->
                            weightsByType
                                .computeIfAbsent(t, k -> new ArrayList<>())
                                .add(p.weight())));
    Map<String, String> gold =
        spark.table("gold.pokemon_by_type").collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> r.getString(0),
                    r -> r.getLong(1) + " " + String.format("%.6f", r.getDouble(2)),
                    (a, b) -> a + " | " + b,
                    TreeMap::new));
    Map<String, String> expectedGold = new TreeMap<>();
    weightsByType.forEach(
        (type, weights) ->
            expectedGold.put(
                type,
                weights.size()
                    + " "
                    + String.format(
                        "%.6f",
                        weights.stream().mapToInt(Integer::intValue).average().orElseThrow())));
    assertThat(gold).isEqualTo(expectedGold);
  }

  private static String run(Path home, Path runs, int delivery) throws Exception {
    Path run = runs.resolve("run-" + delivery + ".yaml");
    Files.writeString(
        run,
        """
        apiVersion: lakehouse.dev/v1alpha1
        kind: IngestionRun
        metadata:
          name: pokemon-raw-%d
        spec:
          dataset: pokemon-raw
          batchSize: 20
          mode: incremental
        """
            .formatted(delivery));
    var printed = new ByteArrayOutputStream();
    ManifestSet manifests =
        ManifestSet.load(List.of(EXAMPLES.resolve("pokemon/datasets.yaml"), run));
    new LocalRunner(
            spark, new LocalLayout(home), new PrintStream(printed, true, StandardCharsets.UTF_8))
        .run(manifests);
    return printed.toString(StandardCharsets.UTF_8);
  }
}
