// Pulumi's test deployment lives in an AsyncLocal and reads its config from the process-wide PULUMI_CONFIG
// variable, which each test sets: the tests must run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
