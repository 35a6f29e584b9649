using k8s.Models;
using Opta.Tests.Support;

namespace Opta.Tests.Links;

/// <summary>Service files as Opta users wrote them, with databases, a cache and a bucket beside the service.</summary>
public sealed class OptaFileTests
{
    /// <summary>In the shape of Opta's documentation and examples: links listed with the service, modules in any order.</summary>
    private const string ServiceFile = """
        name: hello
        environments:
          - name: staging
            path: "../env/opta.yaml"
        modules:
          - name: app
            type: k8s-service
            port:
              http: 80
            image: ghcr.io/run-x/hello-opta/hello-opta:main
            healthcheck_path: "/get"
            public_uri: "/hello"
            links:
              - db
              - redis
              - bucket:
                  - write
            env_vars:
              - name: BUCKET
                value: "myapp-{env}-bucket"
          - name: db
            type: postgres
            instance_class: db.t3.medium
            safety: true
          - name: redis
            type: redis
            node_type: cache.m4.large
          - name: bucket
            type: aws-s3
            bucket_name: "myapp-{env}-bucket"
            same_region_replication: true
        """;

    private static PlanResult Plan(string providers)
    {
        // One repository holds both folders, as in Opta's examples (an environment file outside it is refused).
        using var project = new TempProject()
            .Write(".git/HEAD", "ref: refs/heads/main\n")
            .Write("env/opta.yaml", $"name: staging\norg_name: runx\nproviders:\n  {providers}\nmodules:\n  - type: base\n  - type: k8s-cluster\n  - type: k8s-base\n")
            .Write("app/opta.yaml", ServiceFile);
        return OptaEngine.Plan(Path.Combine(project.Dir, "app", "opta.yaml"));
    }

    [Fact]
    public void On_a_local_environment_postgres_and_redis_are_deployed_and_the_bucket_is_external()
    {
        var result = Plan("local: {}");

        var plan = PlanAssert.Ok(result);
        Assert.Equal(["db", "redis"], plan.Companions.Select(c => c.ModuleName));
        var env = PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0].Env;
        Assert.Equal(["BUCKET", "db_db_user", "db_db_password", "db_db_name", "db_db_host", "redis_cache_host"], env.Select(e => e.Name));
        Assert.Equal(["db-credentials", "redis-credentials"], env.Skip(1).Select(e => e.ValueFrom.SecretKeyRef.Name).Distinct());
        var warnings = result.Warnings.Select(w => w.Message).ToList();
        Assert.Contains(warnings, w => w.StartsWith("modules[0].links[2].bucket: not granted: write on 'bucket' (aws-s3)", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("modules[3]: 'bucket' (aws-s3) is not deployed", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("modules[1].instance_class: ignored", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("modules[2].node_type: ignored", StringComparison.Ordinal));
        Assert.Equal(5, warnings.Count);
    }

    [Fact]
    public void On_aws_every_companion_is_external_and_links_read_the_secret_opta_left()
    {
        var result = Plan("aws: {region: us-east-1, account_id: \"123456789012\"}");

        var plan = PlanAssert.Ok(result);
        Assert.Empty(plan.Companions);
        var env = PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0].Env.Skip(1).ToList();
        Assert.Equal(["db_db_user", "db_db_password", "db_db_name", "db_db_host", "redis_cache_host", "redis_cache_auth_token"], env.Select(e => e.Name));
        Assert.All(env, e => Assert.Equal(("secret", e.Name), (e.ValueFrom.SecretKeyRef.Name, e.ValueFrom.SecretKeyRef.Key)));
        Assert.Contains(result.Warnings, w => w.Message.StartsWith("modules[1]: 'db' (postgres, which is aws-postgres under the environment's aws provider) is not deployed", StringComparison.Ordinal));
    }

    [Fact]
    public void An_environment_file_deploying_its_own_services_names_its_dns_domain_and_database()
    {
        using var project = new TempProject().Write("opta.yaml", """
            name: ghost
            org_name: acme
            providers:
              local: {}
            modules:
              - type: base
              - type: dns
                domain: blog.example.com
              - type: mysql
                name: mysql
              - type: k8s-service
                name: ghost
                image: ghost:5
                port: {http: 2368}
                public_uri: ["{module.dns.domain}"]
                env_vars:
                  - {name: url, value: "https://{module.dns.domain}/"}
                links:
                  - mysql:
                      - {db_user: database__connection__user, db_password: database__connection__password, db_name: database__connection__database, db_host: database__connection__host}
            """);
        var result = project.Plan();

        var plan = PlanAssert.Ok(result);
        Assert.Empty(result.Warnings);
        Assert.Equal("mysql", Assert.Single(plan.Companions).ModuleName);
        Assert.Equal("blog.example.com", PlanAssert.Single<V1Ingress>(plan).Spec.Rules[0].Host);
        var env = PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0].Env;
        Assert.Equal("https://blog.example.com/", env[0].Value);
        Assert.Equal("database__connection__host", env[^1].Name);
    }
}
