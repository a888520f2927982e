package dev.lakehouse.operator.lakehouse;

import dev.lakehouse.config.TrinoRole;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;

/** Every object a Lakehouse owns, in the order they are applied. Pure: spec in, objects out. */
public final class LakehouseObjects {
  /** An object that must not exist for this spec (a component replaced by an external one). */
  public record Unwanted(Class<? extends HasMetadata> type, String name) {}

  private LakehouseObjects() {}

  public static List<HasMetadata> desired(LakehouseModel model) {
    List<HasMetadata> objects = new ArrayList<>();
    if (model.deploysPostgres()) {
      objects.add(PostgresObjects.service(model));
      objects.add(PostgresObjects.statefulSet(model));
    }
    ConfigMap metastoreConfig = MetastoreObjects.configMap(model);
    objects.add(metastoreConfig);
    objects.add(MetastoreObjects.service(model));
    objects.add(MetastoreObjects.deployment(model, metastoreConfig));
    if (model.deploysSeaweedfs()) {
      objects.add(SeaweedfsObjects.service(model));
      objects.add(SeaweedfsObjects.statefulSet(model));
    }
    if (model.deploysMinio()) {
      objects.add(MinioObjects.service(model));
      objects.add(MinioObjects.statefulSet(model));
      objects.add(MinioObjects.bucketJob(model));
    }
    for (TrinoRole role : TrinoRole.values()) {
      ConfigMap trinoConfig = TrinoObjects.configMap(model, role);
      objects.add(trinoConfig);
      objects.add(TrinoObjects.deployment(model, role, trinoConfig));
    }
    objects.add(TrinoObjects.service(model));
    return objects;
  }

  public static List<Unwanted> unwanted(LakehouseModel model) {
    LakehouseNames names = model.names();
    List<Unwanted> unwanted = new ArrayList<>();
    if (!model.deploysPostgres()) {
      unwanted.add(new Unwanted(StatefulSet.class, names.postgres()));
      unwanted.add(new Unwanted(Service.class, names.postgres()));
    }
    if (!model.deploysSeaweedfs()) {
      unwanted.add(new Unwanted(StatefulSet.class, names.seaweedfs()));
      unwanted.add(new Unwanted(Service.class, names.seaweedfs()));
    }
    if (!model.deploysMinio()) {
      unwanted.add(new Unwanted(Job.class, names.bucketJob()));
      unwanted.add(new Unwanted(StatefulSet.class, names.minio()));
      unwanted.add(new Unwanted(Service.class, names.minio()));
    }
    return unwanted;
  }
}
