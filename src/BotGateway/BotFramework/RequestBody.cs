using System.Buffers;

namespace Handoff.BotGateway.BotFramework;

/// <summary>Reads a request body up to a limit, so an oversized or endless body is a 413, not memory.</summary>
public static class RequestBody
{
    public sealed record Result(ReadOnlyMemory<byte> Bytes, int StatusCode, string? Error);

    public static async Task<Result> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, maxBytes) + 1);
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(4096);
                var read = await request.Body.ReadAsync(memory, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > maxBytes)
                {
                    return TooLarge(maxBytes);
                }
            }
        }
        catch (BadHttpRequestException exception)
        {
            // Truncated chunked bodies, client aborts, Kestrel's own limits and minimum data rate.
            return new Result(default, exception.StatusCode, $"The request body could not be read: {exception.Message}");
        }

        if (buffer.WrittenCount == 0)
        {
            return new Result(default, StatusCodes.Status400BadRequest, "The request body is empty; an activity is required.");
        }

        return new Result(buffer.WrittenMemory, StatusCodes.Status200OK, null);
    }

    private static Result TooLarge(int maxBytes) =>
        new(default, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {maxBytes} bytes.");
}
