package dev.lakehouse.operator.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.api.lakehouse.Lakehouse;
import dev.lakehouse.api.lakehouse.SeaweedfsSpec;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The operator never replaces a running storage server with the other one. */
class StorageServerSwapTest {
  static Stream<Arguments> cases() {
    UnaryOperator<Lakehouse> unnamed = l -> l;
    UnaryOperator<Lakehouse> minio = Lakehouses::withMinio;
    UnaryOperator<Lakehouse> seaweedfs =
        l -> {
          l.getSpec().storage.seaweedfs = new SeaweedfsSpec();
          return l;
        };
    UnaryOperator<Lakehouse> external = l -> Lakehouses.withExternalS3(l, "aws");
    return Stream.of(
        // spec, MinIO runs, SeaweedFS runs, refused with
        Arguments.of(unnamed, false, false, null),
        Arguments.of(unnamed, false, true, null),
        Arguments.of(unnamed, true, false, "set spec.storage.minio: {} to keep the tables"),
        Arguments.of(seaweedfs, false, true, null),
        Arguments.of(seaweedfs, true, false, "set spec.storage.minio back"),
        Arguments.of(minio, true, false, null),
        Arguments.of(minio, false, false, null),
        Arguments.of(minio, false, true, "remove spec.storage.minio"),
        // Moving to external S3 is the user's own migration: the deployed server goes.
        Arguments.of(external, true, false, null),
        Arguments.of(external, false, true, null));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void refusedWhenTheSpecAsksForTheOtherServerThanTheOneRunning(
      UnaryOperator<Lakehouse> spec, boolean runsMinio, boolean runsSeaweedfs, String refused) {
    var lakehouse = spec.apply(Lakehouses.demo("demo", "data"));

    var problem = LakehouseValidation.storageServerSwap(lakehouse, runsMinio, runsSeaweedfs);

    if (refused == null) {
      assertThat(problem).isEmpty();
    } else {
      assertThat(problem).hasValueSatisfying(p -> assertThat(p.message()).contains(refused));
    }
  }
}
