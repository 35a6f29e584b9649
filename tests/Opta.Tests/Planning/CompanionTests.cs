using k8s.Models;
using Opta.Output;
using Opta.Planning;
using Opta.Spec;
using Opta.Tests.Support;

namespace Opta.Tests.Planning;

/// <summary>The databases opta-infra deploys in the cluster, what the other module types become, and where links read from.</summary>
public sealed class CompanionTests
{
    private static EnvironmentPlan PlanOf(string modules, string providers = "{local: {}}") => PlanAssert.Ok(ResultOf(modules, providers));

    private static PlanResult ResultOf(string modules, string providers = "{local: {}}")
    {
        using var project = new TempProject()
            .Write("env.yaml", $"name: staging\norg_name: acme\nproviders: {providers}\nmodules:\n  - {{type: base}}\n")
            .Write("opta.yaml", $"name: shop\nenvironments:\n  - name: staging\n    path: env.yaml\nmodules:\n{modules}");
        return project.Plan();
    }

    public static TheoryData<string, string, int, string, string> Databases => new()
    {
        { "postgres", "postgres:16.4", 5432, "pg_isready", "POSTGRES_PASSWORD" },
        { "local-postgres", "postgres:16.4", 5432, "pg_isready", "POSTGRES_PASSWORD" },
        { "mysql", "mysql:8.4.2", 3306, "mysqladmin", "MYSQL_PASSWORD" },
        { "redis", "redis:7.4.0", 6379, "redis-cli", "" },
        { "mongodb", "mongo:7.0.14", 27017, "mongosh", "MONGO_INITDB_ROOT_PASSWORD" },
        { "local-mongodb", "mongo:7.0.14", 27017, "mongosh", "MONGO_INITDB_ROOT_PASSWORD" },
    };

    [Theory]
    [MemberData(nameof(Databases))]
    public void A_database_is_a_non_root_statefulset_with_a_volume_a_service_and_a_credentials_secret(string type, string image, int port, string check, string passwordVariable)
    {
        var plan = PlanOf($"  - {{type: {type}, name: db}}\n");

        var companion = Assert.Single(plan.Companions);
        Assert.Equal(["Secret", "Service", "StatefulSet"], companion.Objects.Select(o => o.Kind));
        var set = PlanAssert.Single<V1StatefulSet>(plan, "db");
        Assert.Equal(1, set.Spec.Replicas);
        Assert.Equal("db", set.Spec.ServiceName);
        var claim = Assert.Single(set.Spec.VolumeClaimTemplates);
        Assert.Equal("1Gi", claim.Spec.Resources.Requests["storage"].ToString());
        var pod = set.Spec.Template.Spec;
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal(999, pod.SecurityContext.RunAsUser);
        Assert.Equal(999, pod.SecurityContext.FsGroup);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.False(pod.AutomountServiceAccountToken);
        var container = Assert.Single(pod.Containers);
        Assert.Equal(image, container.Image);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.Equal(check, container.ReadinessProbe.Exec.Command[0]);
        Assert.Equal(check, container.LivenessProbe.Exec.Command[0]);
        Assert.Equal(port, Assert.Single(container.Ports).ContainerPort);
        Assert.NotNull(container.Resources.Requests["cpu"]);
        Assert.Equal(claim.Metadata.Name, Assert.Single(container.VolumeMounts).Name);
        var service = PlanAssert.Single<V1Service>(plan, "db");
        Assert.Equal(port, Assert.Single(service.Spec.Ports).Port);
        Assert.Equal(set.Spec.Selector.MatchLabels, service.Spec.Selector);
        Assert.Equal("db.shop.svc.cluster.local", companion.Host);

        var secret = PlanAssert.Single<V1Secret>(plan, "db-credentials");
        if (passwordVariable.Length == 0)
        {
            Assert.Equal(new Dictionary<string, string> { ["cache_host"] = "db.shop.svc.cluster.local" }, secret.StringData);
            Assert.Empty(companion.Credentials);
            return;
        }

        Assert.Equal(["db_user", "db_password", "db_name", "db_host"], secret.StringData.Keys.Take(4));
        Assert.Equal("appdb", secret.StringData["db_name"]);
        var password = Assert.Single(companion.Credentials, c => c.Key == "db_password");
        Assert.Equal(password.Placeholder, secret.StringData["db_password"]);
        Assert.Equal("db-credentials", container.Env.Single(e => e.Name == passwordVariable).ValueFrom.SecretKeyRef.Name);
        Assert.DoesNotContain(container.Env, e => e.Name.Contains("PASSWORD", StringComparison.Ordinal) && e.Value is not null);
    }

    public static TheoryData<string, string, Func<EnvironmentPlan, string?>> Fields => new()
    {
        { "image: postgres:15.8", "postgres:15.8", p => PlanAssert.Single<V1StatefulSet>(p, "db").Spec.Template.Spec.Containers[0].Image },
        { "storage_size: 20", "20Gi", p => PlanAssert.Single<V1StatefulSet>(p, "db").Spec.VolumeClaimTemplates[0].Spec.Resources.Requests["storage"].ToString() },
        { "storage_class: fast", "fast", p => PlanAssert.Single<V1StatefulSet>(p, "db").Spec.VolumeClaimTemplates[0].Spec.StorageClassName },
        { "database_name: orders", "orders", p => PlanAssert.Single<V1Secret>(p, "db-credentials").StringData["db_name"] },
        { "resource_request: {cpu: 250, memory: 1Gi}", "250m", p => PlanAssert.Single<V1StatefulSet>(p, "db").Spec.Template.Spec.Containers[0].Resources.Requests["cpu"].ToString() },
        { "resource_request: {memory: 1Gi}", "2Gi", p => PlanAssert.Single<V1StatefulSet>(p, "db").Spec.Template.Spec.Containers[0].Resources.Limits["memory"].ToString() },
        { "database_name: \"{env}_db\"", "staging_db", p => PlanAssert.Single<V1Secret>(p, "db-credentials").StringData["db_name"] },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void Every_database_field_is_read(string field, string expected, Func<EnvironmentPlan, string?> read)
    {
        Assert.Equal(expected, read(PlanOf($"  - type: postgres\n    name: db\n    {field}\n")));
    }

    [Fact]
    public void Every_database_field_has_a_row_or_is_ignored()
    {
        var supported = CompanionFields.Postgres.Definition.Fields.Fields
            .Where(f => f.Support == FieldSupport.Supported && !CompanionFields.Postgres.Definition.IsModuleKey(f))
            .Select(f => f.Name);
        var rows = Fields.Select(r => ((string)r[0]).Split(':')[0]).ToHashSet();

        Assert.Empty(supported.Except(rows));
    }

    [Theory]
    [InlineData("instance_class: db.t3.medium", "modules[0].instance_class: ignored: it configures the cloud database, which opta-infra does not create")]
    [InlineData("engine_version: \"11.9\"", "modules[0].engine_version: ignored: it configures the cloud database; in the cluster the version is the `image`'s")]
    [InlineData("safety: true", "modules[0].safety: ignored")]
    public void Opta_cloud_fields_of_a_database_are_ignored_with_a_warning(string field, string warning)
    {
        var result = ResultOf($"  - type: postgres\n    name: db\n    {field}\n");

        PlanAssert.Ok(result);
        Assert.Contains(result.Warnings, w => w.Message.StartsWith(warning, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("  - {type: postgres, name: db, storage_size: 0}\n", 6, "modules[0].storage_size: 0 is out of range; it must be an integer from 1 to 65536")]
    [InlineData("  - {type: postgres, name: db, storage_sise: 2}\n", 6, "modules[0].storage_sise: unknown field 'storage_sise' in a postgres module; did you mean 'storage_size'?")]
    [InlineData("  - {type: postgres, name: db, database_name: my-db}\n", 6, "modules[0].database_name: 'my-db' must be letters, digits and '_'")]
    [InlineData("  - {type: postgres, name: db, image: \"postgres 16\"}\n", 6, "modules[0].image: the image 'postgres 16'")]
    [InlineData("  - {type: postgres, name: db, storage_class: Fast_Disk}\n", 6, "modules[0].storage_class: the storage class 'Fast_Disk'")]
    [InlineData("  - {type: redis, name: DB}\n", 6, "modules[0].name: 'DB' must be lowercase letters")]
    public void A_bad_database_field_is_an_error_at_the_field(string modules, int line, string message)
    {
        var error = PlanAssert.SingleError(ResultOf(modules));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Position.Line);
    }

    public static TheoryData<string, string, string> ExternalModules => new()
    {
        { "  - {type: postgres, name: db}\n", "{aws: {region: us-east-1, account_id: 1}}", "modules[0]: 'db' (postgres, which is aws-postgres under the environment's aws provider) is not deployed: a cloud resource that opta-infra does not create or change; it keeps running where Opta created it; services linking to it read its values from the Secret `secret` Opta left in namespace shop" },
        { "  - {type: redis, name: cache}\n", "{google: {region: us-central1, project: p}}", "'cache' (redis, which is gcp-redis under the environment's google provider) is not deployed" },
        { "  - {type: mysql, name: db}\n", "{azurerm: {location: x}}", "'db' (mysql, which is azure-mysql under the environment's azurerm provider) is not deployed" },
        { "  - {type: aws-s3, name: bucket, bucket_name: b}\n", "{local: {}}", "modules[0]: 'bucket' (aws-s3) is not deployed: a cloud resource that opta-infra does not create or change; it keeps running where Opta created it" },
        { "  - {type: mongodb-atlas, name: atlas, mongodb_version: \"4.4\"}\n", "{aws: {}}", "'atlas' (mongodb-atlas) is not deployed" },
        { "  - {type: dns, name: dns, domain: a.dev}\n", "{local: {}}", "modules[0]: 'dns' (dns) is skipped: an environment-level module (network, cluster, DNS); it belongs to the environment file" },
        { "  - {type: helm-chart, name: chart, chart: x}\n", "{local: {}}", "modules[0]: 'chart' (helm-chart) is skipped: it runs through Opta's Terraform or Helm runtime" },
        { "  - {type: k8s-manifest, name: extra, file_path: m.yaml}\n", "{local: {}}", "modules[0]: 'extra' (k8s-manifest) is skipped: its manifest is not deployed by opta-infra yet" },
        { "  - {type: custom-terraform, name: tf, source: ./tf}\n", "{local: {}}", "'tf' (custom-terraform) is skipped" },
    };

    [Theory]
    [MemberData(nameof(ExternalModules))]
    public void A_module_opta_infra_does_not_deploy_is_one_warning_that_says_why(string modules, string providers, string warning)
    {
        var result = ResultOf(modules, providers);

        var plan = PlanAssert.Ok(result);
        Assert.Empty(plan.Companions);
        Assert.Equal(["Namespace"], plan.AllObjects().Select(o => o.Kind));
        var only = Assert.Single(result.Warnings);
        Assert.Contains(warning, only.Message, StringComparison.Ordinal);
        Assert.Equal(6, only.Position.Line);
    }

    [Theory]
    [InlineData("{local: {}}", true)]
    [InlineData("{}", true)]
    [InlineData("{aws: {region: us-east-1}}", false)]
    [InlineData("{google: {region: r}}", false)]
    [InlineData("{local: {}, aws: {region: r}}", false)]
    public void Postgres_is_deployed_unless_the_environment_names_a_cloud(string providers, bool deployed)
    {
        var plan = PlanOf("  - {type: postgres, name: db}\n", providers);

        Assert.Equal(deployed, plan.Companions.Count == 1);
    }

    [Fact]
    public void Local_postgres_is_deployed_whatever_the_provider()
    {
        Assert.Single(PlanOf("  - {type: local-postgres, name: db}\n", "{aws: {region: r}}").Companions);
    }

    [Theory]
    [InlineData("Deployment", "")]
    [InlineData("StatefulSet", "    persistent_storage: [{size: 1, path: /data}]\n")]
    [InlineData("CronJob", "    cron_jobs: [{commands: [run], schedule: \"0 * * * *\"}]\n")]
    public void Link_values_reach_every_workload_only_through_secret_key_references(string kind, string extra)
    {
        var plan = PlanOf($"""
              - {"{"}type: postgres, name: db{"}"}
              - {"{"}type: redis, name: cache{"}"}
              - {"{"}type: aws-postgres, name: legacy{"}"}
              - {"{"}type: mongodb-atlas, name: atlas{"}"}
              - type: k8s-service
                name: api
                image: nginx:1.27
                port: {"{"}http: 80{"}"}
                links: [db, cache, legacy, atlas]
            {extra}
            """);

        var pod = kind switch
        {
            "Deployment" => PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec,
            "StatefulSet" => PlanAssert.Single<V1StatefulSet>(plan, "shop-api-k8s-service").Spec.Template.Spec,
            _ => PlanAssert.Single<V1CronJob>(plan).Spec.JobTemplate.Spec.Template.Spec,
        };
        var env = pod.Containers[0].Env.ToDictionary(e => e.Name, e => e.ValueFrom?.SecretKeyRef);
        Assert.All(pod.Containers[0].Env, e => Assert.Null(e.Value));
        Assert.Equal(("db-credentials", "db_password"), (env["db_db_password"]!.Name, env["db_db_password"]!.Key));
        Assert.Equal(("db-credentials", "db_host"), (env["db_db_host"]!.Name, env["db_db_host"]!.Key));
        Assert.Equal(("cache-credentials", "cache_host"), (env["cache_cache_host"]!.Name, env["cache_cache_host"]!.Key));
        Assert.Equal(("secret", "legacy_db_user"), (env["legacy_db_user"]!.Name, env["legacy_db_user"]!.Key));
        Assert.Equal(("secret", "atlas_mongodb_atlas_connection_string"), (env["atlas_mongodb_atlas_connection_string"]!.Name, env["atlas_mongodb_atlas_connection_string"]!.Key));
        Assert.Equal(4 + 1 + 4 + 3, env.Count);
        Assert.Equal(["db", "cache"], plan.Services.Single().LinkedCompanions);
    }

    [Fact]
    public void A_rename_map_names_the_variables()
    {
        var plan = PlanOf("""
              - {type: mysql, name: db}
              - type: k8s-service
                name: api
                image: nginx:1.27
                port: {http: 80}
                links:
                  - db: [{db_user: DBUSER, db_password: DBPASS, db_name: DBNAME, db_host: DBHOST}]
            """);

        var env = PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0].Env;
        Assert.Equal(["DBUSER", "DBPASS", "DBNAME", "DBHOST"], env.Select(e => e.Name));
        Assert.Equal(["db_user", "db_password", "db_name", "db_host"], env.Select(e => e.ValueFrom.SecretKeyRef.Key));
    }

    [Fact]
    public void A_renamed_link_to_a_cloud_database_reads_the_renamed_key_of_opta_s_secret()
    {
        var plan = PlanOf("""
              - {type: postgres, name: db}
              - type: k8s-service
                name: api
                image: nginx:1.27
                port: {http: 80}
                links:
                  - db: [{db_user: DBUSER, db_password: DBPASS, db_name: DBNAME, db_host: DBHOST}]
            """, "{aws: {region: us-east-1}}");

        var env = PlanAssert.Single<V1Deployment>(plan).Spec.Template.Spec.Containers[0].Env;
        Assert.Equal(["DBUSER", "DBPASS", "DBNAME", "DBHOST"], env.Select(e => e.ValueFrom.SecretKeyRef.Key));
        Assert.All(env, e => Assert.Equal("secret", e.ValueFrom.SecretKeyRef.Name));
        Assert.Empty(plan.Services.Single().LinkedCompanions);
    }

    [Fact]
    public void Module_outputs_known_before_deploying_are_interpolated()
    {
        using var project = TempProject.WithLinks("env_vars:\n  HOST: \"{module.db.db_host}\"\n  NAME: \"{module.db.db_name}\"\n  CACHE: \"{module.cache.cache_host}:6379\"\n  SITE: \"https://{module.dns.domain}\"");

        var env = PlanAssert.Single<V1Deployment>(PlanAssert.Ok(project.Plan()), "shop-api-k8s-service").Spec.Template.Spec.Containers[0].Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("db.shop.svc.cluster.local", env["HOST"]);
        Assert.Equal("appdb", env["NAME"]);
        Assert.Equal("cache.shop.svc.cluster.local:6379", env["CACHE"]);
        Assert.Equal("https://acme.dev", env["SITE"]);
    }

    [Theory]
    [InlineData("https://${{module.dns.domain}}/dashboard", "https://acme.dev/dashboard")]
    [InlineData("${{module.db.db_host}}:5432", "db.shop.svc.cluster.local:5432")]
    [InlineData("${{other}}", "${other}")]
    [InlineData("{{module.db.db_host}}", "{module.db.db_host}")]
    public void Opta_terraform_references_to_module_outputs_resolve_as_module_outputs(string value, string expected)
    {
        using var project = TempProject.WithLinks($"env_vars:\n  A: \"{value}\"");

        var env = PlanAssert.Single<V1Deployment>(PlanAssert.Ok(project.Plan()), "shop-api-k8s-service").Spec.Template.Spec.Containers[0].Env;
        Assert.Equal(expected, env.Single(e => e.Name == "A").Value);
    }

    [Fact]
    public void Render_masks_generated_passwords_and_shows_a_placeholder_with_show_secrets_never_a_value()
    {
        var plan = PlanOf("  - {type: postgres, name: db}\n");

        var masked = ManifestWriter.ToYamlStream(ManifestWriter.MaskSecrets(plan.AllObjects()));
        Assert.Contains("db_password: '***'", masked, StringComparison.Ordinal);
        var shown = ManifestWriter.ToYamlStream(plan.AllObjects());
        Assert.Contains("db_password: '(generated at deploy time: db/db_password)'", shown, StringComparison.Ordinal);
        Assert.Equal(shown, ManifestWriter.ToYamlStream(PlanOf("  - {type: postgres, name: db}\n").AllObjects()));
    }

    [Fact]
    public void Import_file_says_the_local_databases_are_not_adopted_and_lists_only_services()
    {
        var plan = PlanOf("  - {type: postgres, name: db}\n  - {type: k8s-service, name: api, image: nginx, port: {http: 80}}\n");

        var note = Assert.Single(PulumiImportFile.NotAdopted(plan));
        Assert.StartsWith("modules[0] 'db' (postgres): not adopted: Opta's local postgres was a Bitnami Helm release (opta-local-postgres) in namespace paas-shop", note, StringComparison.Ordinal);
        Assert.DoesNotContain("db-credentials", PulumiImportFile.Write(plan), StringComparison.Ordinal);
        Assert.DoesNotContain("\"db\"", PulumiImportFile.Write(plan), StringComparison.Ordinal);
    }
}
