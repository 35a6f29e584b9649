using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Opta.Diffing;

namespace Opta.Cli.Diff;

/// <summary>
/// The plan as data (<c>--output json</c>); the shape is documented in docs/diff.md. Keys are camelCase and
/// always in the same order; a field that was added has no <c>old</c>, one that was removed has no <c>new</c>.
/// </summary>
public static class DiffJson
{
    public static string Format(PlanDiff diff, BaselineSource source, string environment)
    {
        var changes = new JsonArray();
        foreach (var change in diff.Changes)
        {
            var fields = new JsonArray();
            foreach (var f in change.Fields)
            {
                var field = new JsonObject
                {
                    ["path"] = f.Path,
                    ["change"] = f.Kind.ToString().ToLowerInvariant(),
                };
                if (f.Kind != FieldChangeKind.Added)
                {
                    field["old"] = f.Old?.DeepClone();
                }

                if (f.Kind != FieldChangeKind.Removed)
                {
                    field["new"] = f.New?.DeepClone();
                }

                field["masked"] = f.Masked;
                fields.Add((JsonNode)field);
            }

            var entry = new JsonObject
            {
                ["action"] = change.Action.ToString().ToLowerInvariant(),
                ["apiVersion"] = change.Key.ApiVersion,
                ["kind"] = change.Key.Kind,
                ["namespace"] = change.Key.Namespace.Length == 0 ? null : change.Key.Namespace,
                ["name"] = change.Key.Name,
                ["fields"] = fields,
            };
            if (change.Note is not null)
            {
                entry["note"] = change.Note;
            }

            changes.Add((JsonNode)entry);
        }

        var document = new JsonObject
        {
            ["base"] = source.IsFolder
                ? new JsonObject { ["type"] = "folder", ["path"] = source.Argument }
                : new JsonObject { ["type"] = "git", ["revision"] = source.Argument, ["commit"] = source.Commit },
            ["environment"] = environment,
            ["changes"] = changes,
            ["summary"] = new JsonObject
            {
                ["create"] = diff.Creates,
                ["update"] = diff.Updates,
                ["delete"] = diff.Deletes,
                ["unchanged"] = diff.Unchanged,
            },
        };
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var json = new StringBuilder(document.ToJsonString(options)).Replace("\r\n", "\n").Append('\n');

        // The encoder escapes the C0 and C1 controls; DEL and the bidirectional overrides get the same \u escapes,
        // which mean the same JSON, so a value from a --base folder cannot drive a terminal the JSON is shown on.
        for (var i = json.Length - 1; i >= 0; i--)
        {
            if (json[i] is var c and ('\x7f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069')))
            {
                json.Remove(i, 1).Insert(i, $"\\u{(int)c:x4}");
            }
        }

        return json.ToString();
    }
}
