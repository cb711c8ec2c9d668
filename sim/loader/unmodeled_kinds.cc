#include "sim/loader/unmodeled_kinds.h"

namespace kreach {

namespace {

struct TrafficKind {
  const char* group;
  const char* kind;
  UnmodeledEffect effect;
};

// Groups and kinds from each project's CRDs (../shared/reference/crds for Cilium, Calico, network-policy-api
// and the Gateway API; Istio, Antrea, OVN-Kubernetes, OpenShift and Linkerd from their API references).
constexpr TrafficKind kTrafficKinds[] = {
    {"cilium.io", "CiliumNetworkPolicy", UnmodeledEffect::kFilters},
    {"cilium.io", "CiliumClusterwideNetworkPolicy", UnmodeledEffect::kFilters},
    {"projectcalico.org", "NetworkPolicy", UnmodeledEffect::kFilters},
    {"projectcalico.org", "GlobalNetworkPolicy", UnmodeledEffect::kFilters},
    {"crd.projectcalico.org", "NetworkPolicy", UnmodeledEffect::kFilters},
    {"crd.projectcalico.org", "GlobalNetworkPolicy", UnmodeledEffect::kFilters},
    {"policy.networking.k8s.io", "AdminNetworkPolicy", UnmodeledEffect::kFilters},
    {"policy.networking.k8s.io", "BaselineAdminNetworkPolicy", UnmodeledEffect::kFilters},
    {"policy.networking.k8s.io", "ClusterNetworkPolicy", UnmodeledEffect::kFilters},
    {"security.istio.io", "AuthorizationPolicy", UnmodeledEffect::kFilters},
    {"security.istio.io", "PeerAuthentication", UnmodeledEffect::kFilters},
    {"crd.antrea.io", "NetworkPolicy", UnmodeledEffect::kFilters},
    {"crd.antrea.io", "ClusterNetworkPolicy", UnmodeledEffect::kFilters},
    {"k8s.ovn.org", "EgressFirewall", UnmodeledEffect::kFilters},
    {"network.openshift.io", "EgressNetworkPolicy", UnmodeledEffect::kFilters},
    {"policy.linkerd.io", "AuthorizationPolicy", UnmodeledEffect::kFilters},
    {"policy.linkerd.io", "ServerAuthorization", UnmodeledEffect::kFilters},
    {"gateway.networking.k8s.io", "Gateway", UnmodeledEffect::kRoutes},
    {"gateway.networking.k8s.io", "HTTPRoute", UnmodeledEffect::kRoutes},
    {"gateway.networking.k8s.io", "GRPCRoute", UnmodeledEffect::kRoutes},
    {"gateway.networking.k8s.io", "TLSRoute", UnmodeledEffect::kRoutes},
    {"gateway.networking.k8s.io", "TCPRoute", UnmodeledEffect::kRoutes},
    {"gateway.networking.k8s.io", "UDPRoute", UnmodeledEffect::kRoutes},
    {"route.openshift.io", "Route", UnmodeledEffect::kRoutes},
    {"networking.istio.io", "VirtualService", UnmodeledEffect::kRoutes},
    {"networking.istio.io", "Gateway", UnmodeledEffect::kRoutes},
    {"traefik.io", "IngressRoute", UnmodeledEffect::kRoutes},
    {"traefik.containo.us", "IngressRoute", UnmodeledEffect::kRoutes},
};

}  // namespace

bool IsUnmodeledTrafficKind(std::string_view api_version, std::string_view kind, UnmodeledEffect* effect) {
  std::string_view group = api_version.substr(0, api_version.find('/'));
  if (group == api_version) group = std::string_view();  // "v1": the core group
  for (const TrafficKind& k : kTrafficKinds) {
    if (group == k.group && kind == k.kind) {
      *effect = k.effect;
      return true;
    }
  }
  if (kind.find("NetworkPolicy") != std::string_view::npos) {
    *effect = UnmodeledEffect::kFilters;
    return true;
  }
  return false;
}

const char* DescribeEffect(UnmodeledEffect effect, bool one) {
  switch (effect) {
    case UnmodeledEffect::kFilters:
      return one ? "traffic it filters is reported as allowed" : "traffic they filter is reported as allowed";
    case UnmodeledEffect::kRoutes:
      return one ? "requests it routes are not followed (reported as not found or unreachable)"
                 : "requests they route are not followed (reported as not found or unreachable)";
  }
  return "";
}

}  // namespace kreach
