namespace Handoff.AppHost.CommandLine;

/// <summary>
/// The README's <c>publish --output DIR</c> is Aspire's publish pipeline: <c>--operation publish --step publish
/// --output-path DIR</c>. Every other argument goes to Aspire as it is.
/// </summary>
public static class AspireArguments
{
    public static string[] From(string[] args)
    {
        if (args.Length == 0 || args[0] != "publish")
        {
            return args;
        }

        var rest = args.Skip(1).Select(argument => argument == "--output" ? "--output-path" : argument).ToList();
        return ["--operation", "publish", "--step", "publish", .. rest];
    }
}
