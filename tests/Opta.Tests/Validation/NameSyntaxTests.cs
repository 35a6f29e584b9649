using System.Text.RegularExpressions;
using CsCheck;
using Opta.Validation;

namespace Opta.Tests.Validation;

/// <summary>
/// The name rules are loops; here they meet the API server's regular expressions they implement, anchored with
/// <c>\z</c> as Go anchors <c>$</c> (a trailing newline is not accepted), on strings drawn from the characters that
/// decide them.
/// </summary>
public sealed partial class NameSyntaxTests
{
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"^[a-z]([-a-z0-9]*[a-z0-9])?\z")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex(@"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\z")]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex(@"^[-._a-zA-Z][-._a-zA-Z0-9]*\z")]
    private static partial Regex EnvVarName();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z")]
    private static partial Regex Dns1123Subdomain();

    /// <summary>Short strings over the characters the rules treat differently, and a few they all refuse.</summary>
    private static readonly Gen<string> Names = Gen.String[Gen.Char["aZz09-_./\n Ü"], 0, 8];

    [Fact]
    public void The_loops_accept_what_the_api_servers_expressions_accept()
    {
        Names.Sample(name =>
        {
            Assert.Equal(Dns1123Label().IsMatch(name), KubernetesRules.IsDns1123Label(name));
            Assert.Equal(Dns1035Label().IsMatch(name), KubernetesRules.IsDns1035Label(name));
            Assert.Equal(QualifiedNamePart().IsMatch(name), KubernetesRules.IsQualifiedNamePart(name));
            Assert.Equal(EnvVarName().IsMatch(name), KubernetesRules.IsEnvVarName(name));
            Assert.Equal(Dns1123Subdomain().IsMatch(name), KubernetesRules.Dns1123Subdomain(name) is null);
        }, iter: 20_000);
    }

    [Fact]
    public void The_field_tables_env_var_pattern_is_the_loops_expression()
    {
        Assert.Equal(KubernetesRules.EnvVarNameRegex, EnvVarName().ToString().Replace(@"\z", "$", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("web\n")]
    [InlineData("a.b\n")]
    [InlineData("app\r\n")]
    public void A_trailing_newline_is_not_a_name(string name)
    {
        Assert.NotNull(KubernetesRules.Dns1123Label(name));
        Assert.NotNull(KubernetesRules.Dns1123Subdomain(name));
        Assert.NotNull(KubernetesRules.LabelValue(name));
        Assert.NotNull(KubernetesRules.QualifiedName(name));
        Assert.NotNull(KubernetesRules.EnvVarName(name));
    }
}
