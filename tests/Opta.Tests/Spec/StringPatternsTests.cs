using System.Text.RegularExpressions;
using Opta.Spec;

namespace Opta.Tests.Spec;

public sealed class StringPatternsTests
{
    [Theory]
    [InlineData(FileFields.LayerNamePattern)]
    [InlineData(K8sServiceFields.ModuleNamePattern)] // PortNamePattern is the same text
    [InlineData(Opta.Validation.KubernetesRules.EnvVarNameRegex)]
    public void The_field_tables_patterns_are_compiled_ahead_of_time_and_match_as_the_regex_engine_does(string pattern)
    {
        Assert.True(StringPatterns.IsPrecompiled(pattern));
        foreach (var value in new[] { "", "web", "Web", "web-1", "-web", "web-", "1web", "a", "my_var", ".env", "a.b", "web\n", "ünï" })
        {
            Assert.Equal(Regex.IsMatch(value, pattern), StringPatterns.IsMatch(value, pattern));
        }
    }

    [Fact]
    public void Another_pattern_still_matches_through_the_regex_engine()
    {
        Assert.False(StringPatterns.IsPrecompiled("^x+$"));
        Assert.True(StringPatterns.IsMatch("xxx", "^x+$"));
        Assert.False(StringPatterns.IsMatch("xy", "^x+$"));
    }
}
