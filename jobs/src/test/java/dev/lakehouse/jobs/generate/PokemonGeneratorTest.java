package dev.lakehouse.jobs.generate;

import static dev.lakehouse.jobs.generate.GeneratedFiles.contents;
import static dev.lakehouse.jobs.generate.GeneratedFiles.fieldNames;
import static dev.lakehouse.jobs.generate.GeneratedFiles.list;
import static dev.lakehouse.jobs.generate.GeneratedFiles.names;
import static dev.lakehouse.jobs.generate.GeneratedFiles.parse;
import static dev.lakehouse.jobs.generate.GeneratedFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PokemonGeneratorTest {
  private static final int FILES = 120;
  private static final long SEED = 3;

  /** GET /api/v2/pokemon/{id}: the API's fields, in its (alphabetical) order. */
  private static final List<String> FIELDS =
      List.of(
          "abilities",
          "base_experience",
          "cries",
          "forms",
          "game_indices",
          "height",
          "held_items",
          "id",
          "is_default",
          "location_area_encounters",
          "moves",
          "name",
          "order",
          "past_abilities",
          "past_types",
          "species",
          "sprites",
          "stats",
          "types",
          "weight");

  @TempDir static Path shared;
  private static Summary summary;
  private static List<JsonNode> documents;

  @TempDir Path dir;

  @BeforeAll
  static void writeOnce() {
    summary = PokemonGenerator.write(shared, FILES, SEED);
    documents = list(shared).stream().map(GeneratedFiles::parse).toList();
  }

  @Test
  void sameFilesAndSeedGiveByteIdenticalFiles() {
    PokemonGenerator.write(dir.resolve("a"), 20, 9);
    PokemonGenerator.write(dir.resolve("b"), 20, 9);
    PokemonGenerator.write(dir.resolve("c"), 20, 10);

    Map<String, byte[]> a = contents(dir.resolve("a"));
    Map<String, byte[]> b = contents(dir.resolve("b"));
    assertThat(a).hasSize(20);
    assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
    a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
    assertThat(contents(dir.resolve("c")).get("pokemon-000001.json"))
        .isNotEqualTo(a.get("pokemon-000001.json"));
  }

  @Test
  void writesOneSingleLineDocumentPerFileLikeJsonDump() {
    assertThat(names(shared))
        .hasSize(FILES)
        .isSorted()
        .startsWith("pokemon-000001.json")
        .endsWith("pokemon-000120.json");
    assertThat(summary)
        .isEqualTo(new Summary(FILES, GeneratedFiles.totalBytes(shared), FILES, FILES));
    for (Path file : list(shared)) {
      String json = text(file);
      assertThat(json)
          .startsWith("{\"abilities\": [{\"ability\": {\"name\": ")
          .doesNotContain("\n");
      assertThat(json.length()).isBetween(1_000, 60_000);
    }
  }

  @Test
  void documentsHavePokeApiFieldsAndNesting() {
    for (int i = 0; i < FILES; i++) {
      JsonNode doc = documents.get(i);
      assertThat(fieldNames(doc)).containsExactlyElementsOf(FIELDS);
      assertThat(doc.get("id").asInt()).isEqualTo(i + 1);
      assertThat(doc.get("order").asInt()).isEqualTo(i + 1);
      assertThat(doc.get("name").asText()).matches("[a-z]{6,8}");
      assertThat(doc.get("height").isInt()).isTrue();
      assertThat(doc.get("weight").isInt()).isTrue();
      assertThat(doc.get("base_experience").isInt()).isTrue();

      JsonNode types = doc.get("types");
      assertThat(types.size()).isBetween(1, 2);
      for (int slot = 1; slot <= types.size(); slot++) {
        JsonNode type = types.get(slot - 1);
        assertThat(fieldNames(type)).containsExactly("slot", "type");
        assertThat(type.get("slot").asInt()).isEqualTo(slot);
        String name = type.get("type").get("name").asText();
        assertThat(PokemonGenerator.TYPES).contains(name);
        assertThat(type.get("type").get("url").asText())
            .isEqualTo(
                "https://pokeapi.co/api/v2/type/"
                    + (PokemonGenerator.TYPES.indexOf(name) + 1)
                    + "/");
      }
      JsonNode stats = doc.get("stats");
      assertThat(stats.size()).isEqualTo(6);
      assertThat(fieldNames(stats.get(0))).containsExactly("base_stat", "effort", "stat");
      assertThat(stats.get(0).get("stat").get("name").asText()).isEqualTo("hp");
      assertThat(stats.get(5).get("stat").get("name").asText()).isEqualTo("speed");
      JsonNode abilities = doc.get("abilities");
      assertThat(abilities.size()).isBetween(1, 3);
      assertThat(fieldNames(abilities.get(0))).containsExactly("ability", "is_hidden", "slot");
      JsonNode moves = doc.get("moves");
      assertThat(moves.size()).isBetween(4, 60);
      assertThat(fieldNames(moves.get(0))).containsExactly("move", "version_group_details");
      Set<String> moveNames = new HashSet<>();
      moves.forEach(m -> moveNames.add(m.get("move").get("name").asText()));
      assertThat(moveNames).hasSize(moves.size());
      assertThat(doc.get("species").get("name").asText()).isEqualTo(doc.get("name").asText());
    }
    assertThat(documents).anyMatch(d -> d.get("types").size() == 2);
    assertThat(documents).anyMatch(d -> d.get("types").size() == 1);
  }

  @Test
  void expectedCountByTypeEqualsTheCountsInTheFiles() {
    Map<String, Long> counts = new HashMap<>();
    Map<String, Long> weights = new HashMap<>();
    for (JsonNode doc : documents) {
      for (JsonNode type : doc.get("types")) {
        String name = type.get("type").get("name").asText();
        counts.merge(name, 1L, Long::sum);
        weights.merge(name, doc.get("weight").asLong(), Long::sum);
      }
    }

    Map<String, Long> expected = PokemonGenerator.expectedCountByType(FILES, SEED);
    assertThat(expected).isEqualTo(counts);
    assertThat(new ArrayList<>(expected.values()))
        .isSortedAccordingTo((x, y) -> Long.compare(y, x));
    PokemonGenerator.expectedStatsByType(1, FILES, SEED)
        .forEach(
            (type, stats) -> {
              assertThat(stats.pokemon()).isEqualTo(counts.get(type));
              assertThat(stats.totalWeight()).isEqualTo(weights.get(type));
            });
  }

  @Test
  void theModelEqualsTheSilverColumnsOfEachFile() {
    for (JsonNode doc : documents) {
      PokemonGenerator.Pokemon p = PokemonGenerator.pokemon(doc.get("id").asInt(), SEED);
      List<String> types = new ArrayList<>();
      doc.get("types").forEach(t -> types.add(t.get("type").get("name").asText()));
      assertThat(p)
          .isEqualTo(
              new PokemonGenerator.Pokemon(
                  doc.get("id").asInt(),
                  doc.get("name").asText(),
                  doc.get("height").asInt(),
                  doc.get("weight").asInt(),
                  doc.get("base_experience").asInt(),
                  types));
    }
  }

  @Test
  void idsAndNamesAreUnique() {
    Set<Integer> ids = new HashSet<>();
    documents.forEach(d -> ids.add(d.get("id").asInt()));
    assertThat(ids).hasSize(FILES);
    Set<String> names = new HashSet<>();
    for (int id = 1; id <= 20_000; id++) {
      names.add(PokemonGenerator.name(id, SEED));
    }
    assertThat(names).hasSize(20_000);
    assertThat(PokemonGenerator.name(400_000, SEED)).hasSize(8);
  }

  @Test
  void appendingContinuesTheNumberingAndKeepsTheExpectationsConsistent() {
    Path incremental = dir.resolve("incremental");
    PokemonGenerator.write(incremental, 1, 30, 4);
    PokemonGenerator.write(incremental, 31, 12, 4);
    Path atOnce = dir.resolve("at-once");
    PokemonGenerator.write(atOnce, 42, 4);

    assertThat(names(incremental)).hasSize(42).isSorted().endsWith("pokemon-000042.json");
    Map<String, byte[]> b = contents(atOnce);
    contents(incremental)
        .forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));

    Map<String, Long> parsed = new HashMap<>();
    for (Path file : list(incremental)) {
      parse(file)
          .get("types")
          .forEach(t -> parsed.merge(t.get("type").get("name").asText(), 1L, Long::sum));
    }
    Map<String, Long> merged = new HashMap<>(PokemonGenerator.expectedCountByType(1, 30, 4));
    PokemonGenerator.expectedCountByType(31, 12, 4)
        .forEach((t, n) -> merged.merge(t, n, Long::sum));
    assertThat(PokemonGenerator.expectedCountByType(42, 4)).isEqualTo(parsed).isEqualTo(merged);
  }

  @Test
  void theBytesOfAGivenSeedNeverChange() {
    // Change only when the generated data must change: expectations are recorded by seed.
    assertThat(GeneratedFiles.sha256(PokemonGenerator.document(1, 42)))
        .isEqualTo(GOLDEN_FILE_1_SEED_42);
  }

  private static final String GOLDEN_FILE_1_SEED_42 =
      "2d2e5199cc160cc107576bc79ddba4f0f3acf0d5a11874047e36d68cac71bed1";
}
