package dev.lakehouse.api.lakehouse;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A lakehouse: object storage, a catalog database, a Hive Metastore and Trino, wired together. */
@Group("lakehouse.dev")
@Version("v1alpha1")
@ShortNames("lh")
@Categories("lakehouse-all")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Workers",
    jsonPath = ".status.trinoWorkers",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Trino",
    jsonPath = ".status.endpoints.trino",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Message",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// Container resource claims need pod-level resourceClaims, which no pod of the operator has: a
// real API server would refuse the pod, so the field is not part of the API.
@SchemaSwap(originalType = ResourceRequirements.class, fieldName = "claims")
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@ValidationRule(
    value = "self.metadata.name.size() <= 40",
    message =
        "metadata.name may have at most 40 characters: the names of the Services derived from it must fit in 63")
@ValidationRule(
    value = "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
    message =
        "metadata.name must start with a lowercase letter and hold only lowercase letters, digits and '-' (no '.'): Service names and Trino's node.environment are derived from it")
public class Lakehouse extends CustomResource<LakehouseSpec, LakehouseStatus>
    implements Namespaced {}
