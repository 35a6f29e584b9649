using k8s.Models;
using Opta.Tests.Support;

namespace Opta.Tests.Links;

/// <summary>
/// The rules of `links`, one bad link per row: the single error, where, and what it says. The service's fields start at
/// line 15, column 5; the modules it may link are db (postgres), cache (redis), bucket (aws-s3), atlas (mongodb-atlas)
/// and web (a k8s-service), see <see cref="TempProject.WithLinks"/>.
/// </summary>
public sealed class LinkRuleTests
{
    public static TheoryData<string, int, int, string> BadLinks => new()
    {
        { "links: [dbb]", 15, 13, "modules[5].links[0]: no module named 'dbb' in this file (did you mean 'db'?); the modules that can be linked are db, cache, bucket, atlas" },
        { "links: [web]", 15, 13, "modules[5].links[0]: 'web' is a k8s-service module (a service), which has nothing to link; links name database, cache, storage and queue modules" },
        { "links: [api]", 15, 13, "modules[5].links[0]: 'api' is this module itself" },
        { "links: [db, cache, db]", 15, 24, "modules[5].links[2]: 'db' is linked twice (first at modules[5].links[0])" },
        { "links:\n  - db:\n      - {db_user: U, db_password: P, db_name: N}", 17, 13, "modules[5].links[0].db: the rename map must name every variable of 'db' (db_user, db_password, db_name, db_host), as in Opta; add `db_host: NEW_NAME`" },
        { "links:\n  - db:\n      - {db_user: U, db_password: P, db_pasword: P, db_name: N, db_host: H}", 17, 42, "modules[5].links[0].db.db_pasword: 'db_pasword' is not a variable of 'db' (postgres) (did you mean 'db_password'?)" },
        { "links:\n  - db: [read]", 16, 9, "modules[5].links[0].db: 'read' is a permission, but 'db' (postgres) gives variables (db_user, db_password, db_name, db_host), not permissions" },
        { "links:\n  - bucket: [admin]", 16, 9, "modules[5].links[0].bucket: 'admin' is not a permission of aws-s3; use read, write" },
        { "links:\n  - bucket: [raed]", 16, 9, "'raed' is not a permission of aws-s3 (did you mean 'read'?)" },
        { "links:\n  - bucket:\n      - {read: R}", 17, 13, "modules[5].links[0].bucket: 'bucket' (aws-s3) gives permissions (read, write), not variables to rename" },
        { "links:\n  - cache:\n      - {cache_host: 1HOST}", 17, 14, "modules[5].links[0].cache: the variable name '1HOST' (for cache_host) must" },
        { "env_vars: {db_db_host: x}\nlinks: [db]", 16, 13, "modules[5].links[0]: the variable 'db_db_host' is also set by env_vars; rename one" },
        { "links: [{db: [{db_user: A, db_password: B, db_name: C, db_host: D}]}, {cache: [{cache_host: A}]}]", 15, 85, "the variable 'A' is also set by modules[5].links[0].db" },
        { "links: [db]\nenv_vars: {A: \"{module.db.db_password}\"}", 16, 19, "modules[5].env_vars.A: {module.db.db_password}: 'db_password' of 'db' (postgres) is generated when the stack is deployed and stays secret; link the module (`links: [db]`)" },
        { "env_vars: {A: \"{module.db.db_hots}\"}", 15, 19, "{module.db.db_hots}: 'db_hots' is not an output of 'db' (postgres) (did you mean 'db_host'?); its outputs known before deploying are db_user, db_name, db_host" },
        { "env_vars: {A: \"{module.dbb.db_host}\"}", 15, 19, "{module.dbb.db_host}: no module named 'dbb' in this file (did you mean 'db'?)" },
        { "env_vars: {A: \"{module.bucket.bucket_name}\"}", 15, 19, "{module.bucket.bucket_name}: 'bucket' is a aws-s3 module, which opta-infra does not manage: its 'bucket_name' is known only to Opta's cloud state" },
        { "env_vars: {A: \"{module.dns.zone_id}\"}", 15, 19, "{module.dns.zone_id}: 'zone_id' is not an output of the environment's dns module known before deploying; only `domain` is" },
        { "env_vars: {A: \"{module.web.current_image}\"}", 15, 19, "{module.web.current_image}: the outputs of a k8s-service module ('current_image' of 'web') are not known before deploying" },
        { "env_vars: {A: \"{module.db}\"}", 15, 19, "{module.db} names no output; write {module.NAME.OUTPUT}" },
        { "links: [[db]]", 15, 13, "modules[5].links[0]: expected a string or a map, got a list" },
    };

    [Theory]
    [MemberData(nameof(BadLinks))]
    public void A_bad_link_gets_one_error_at_the_field(string body, int line, int column, string message)
    {
        using var project = TempProject.WithLinks(body);
        var result = project.Plan();
        var error = PlanAssert.SingleError(result);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Position.Line, error.Position.Column));
        Assert.EndsWith("opta.yaml", error.Position.File, StringComparison.Ordinal);
    }

    public static TheoryData<string, int, string> PermissionLinks => new()
    {
        { "links: [bucket]", 15, "modules[5].links[0]: not granted: write on 'bucket' (aws-s3); opta-infra does not manage cloud IAM, so grant it to the service's cloud identity outside opta-infra" },
        { "links:\n  - bucket: [read, write]", 16, "modules[5].links[0].bucket: not granted: read, write on 'bucket' (aws-s3); opta-infra does not manage cloud IAM, so grant them" },
    };

    [Theory]
    [MemberData(nameof(PermissionLinks))]
    public void A_permission_link_is_a_warning_naming_what_is_not_granted(string body, int line, string message)
    {
        using var project = TempProject.WithLinks(body);
        var result = project.Plan();

        PlanAssert.Ok(result);
        var warning = Assert.Single(result.Warnings, w => w.Message.Contains("not granted", StringComparison.Ordinal));
        Assert.StartsWith(message, warning.Message, StringComparison.Ordinal);
        Assert.Equal(line, warning.Position.Line);
        Assert.Empty(PlanAssert.Single<V1Deployment>(result.Plan!, "shop-api-k8s-service").Spec.Template.Spec.Containers[0].Env ?? []);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        using var project = TempProject.WithLinks("links: [dbb, web, db, db]");

        Assert.Equal(3, project.Plan().Errors.Count());
    }
}
