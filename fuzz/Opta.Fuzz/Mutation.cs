namespace Opta.Fuzz;

/// <summary>Cheap structure-aware mutations for the no-AFL driver: bytes, whole lines, and YAML-ish tokens.</summary>
internal static class Mutation
{
    private static readonly string[] Tokens =
    [
        "{", "}", "{{", "}}", "{env}", "{vars.x}", "{parent.domain}", "&a ", "*a", "<<: *a", "- ", ": ", "\"", "'", "|", ">",
        "\n  ", "\t", "~", "null", "-1", "0", "65536", "99999999999999999999", "1e400", ".5", "AUTO", "/", "*", "a.b/c", "---",
        new string('a', 70), new string('x', 300), "\u00e9", "\0", "!!binary ", "? ", "[", "]", ",", "#== env.yaml\n",
    ];

    public static byte[] Apply(byte[] seed, byte[] other, Random random)
    {
        var lines = System.Text.Encoding.UTF8.GetString(seed).Split('\n').ToList();
        for (var n = random.Next(1, 5); n > 0; n--)
        {
            var i = random.Next(lines.Count);
            switch (random.Next(6))
            {
                case 0:
                    lines.RemoveAt(i);
                    break;
                case 1:
                    lines.Insert(i, lines[random.Next(lines.Count)]);
                    break;
                case 2:
                    var pos = random.Next(lines[i].Length + 1);
                    lines[i] = lines[i].Insert(pos, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 3 when lines[i].Length > 0:
                    var at = random.Next(lines[i].Length);
                    lines[i] = lines[i].Remove(at, random.Next(1, lines[i].Length - at + 1));
                    break;
                case 4:
                    var donor = System.Text.Encoding.UTF8.GetString(other).Split('\n');
                    lines.Insert(i, donor[random.Next(donor.Length)]);
                    break;
                default:
                    var bytes = System.Text.Encoding.UTF8.GetBytes(lines[i]);
                    if (bytes.Length > 0)
                    {
                        bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                        lines[i] = System.Text.Encoding.UTF8.GetString(bytes);
                    }

                    break;
            }

            if (lines.Count == 0)
            {
                lines.Add("");
            }
        }

        return System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }
}
