package dev.lakehouse.operator.monitoring;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;

/**
 * The mock API server's CRUD mode, answering a SelfSubjectRulesReview as a real API server does for
 * the operator's ServiceAccount: it may get, create and update Leases. JOSDK asks for one before it
 * starts leader election; CRUD mode alone would store the review and answer no status.
 */
final class LeaseRulesDispatcher extends KubernetesCrudDispatcher {
  static final String RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    if (!request.getPath().startsWith(RULES_REVIEWS)) {
      return super.handleCreate(request);
    }
    String review =
        """
        {"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview",
         "spec":{},
         "status":{"incomplete":false,"nonResourceRules":[],"resourceRules":[
           {"verbs":["get","create","update"],"apiGroups":["coordination.k8s.io"],
            "resources":["leases"]}]}}
        """;
    return new MockResponse().setResponseCode(HttpURLConnection.HTTP_CREATED).setBody(review);
  }
}
