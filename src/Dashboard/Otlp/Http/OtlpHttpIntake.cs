using System.Buffers;
using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Handoff.Dashboard.Otlp.Http;

/// <summary>
/// OTLP/HTTP with binary protobuf bodies (the exporter's <c>http/protobuf</c> protocol). Every refusal is a
/// 4xx with a plain-text reason; a request the intake cannot read never becomes a 500.
/// </summary>
internal sealed class OtlpHttpIntake(OtlpIntake intake, OtlpApiKey apiKey, IOptions<OtlpIntakeOptions> options)
{
    private const string ProtobufContentType = "application/x-protobuf";
    private readonly int maxBodyBytes = options.Value.MaxRequestBodyBytes;

    public Task Traces(HttpContext context) => Handle(context, Proto.Collector.Trace.V1.ExportTraceServiceRequest.Parser, intake.Accept);

    public Task Logs(HttpContext context) => Handle(context, Proto.Collector.Logs.V1.ExportLogsServiceRequest.Parser, intake.Accept);

    public Task Metrics(HttpContext context) => Handle(context, Proto.Collector.Metrics.V1.ExportMetricsServiceRequest.Parser, intake.Accept);

    private async Task Handle<TRequest>(HttpContext context, MessageParser<TRequest> parser, Func<TRequest, IMessage> accept)
        where TRequest : IMessage<TRequest>
    {
        if (!apiKey.Admits(context.Request.Headers))
        {
            await Refuse(context, StatusCodes.Status401Unauthorized, $"Missing or wrong {OtlpApiKey.HeaderName} header.");
            return;
        }

        // OTLP/JSON is not proto3's JSON mapping (ids are hex, not base64), so Google.Protobuf's JsonParser
        // would mis-read every trace id: refuse it rather than store wrong ids.
        if (!IsProtobuf(context.Request.ContentType))
        {
            await Refuse(context, StatusCodes.Status415UnsupportedMediaType, $"Send {ProtobufContentType} (OTLP http/protobuf) or use gRPC; OTLP/JSON is not accepted.");
            return;
        }

        var (body, refusal) = await ReadBody(context);
        if (body is null)
        {
            await Refuse(context, refusal!.Status, refusal.Reason);
            return;
        }

        TRequest request;
        try
        {
            request = parser.ParseFrom(body.GetBuffer(), 0, (int)body.Length);
        }
        catch (InvalidProtocolBufferException exception)
        {
            await Refuse(context, StatusCodes.Status400BadRequest, $"The body is not a valid OTLP protobuf message: {exception.Message}");
            return;
        }

        var response = accept(request);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ProtobufContentType;
        await context.Response.Body.WriteAsync(response.ToByteArray(), context.RequestAborted);
    }

    private static bool IsProtobuf(string? contentType) =>
        contentType is not null
        && contentType.Split(';')[0].Trim().Equals(ProtobufContentType, StringComparison.OrdinalIgnoreCase);

    private async Task<(MemoryStream? Body, Refusal? Refusal)> ReadBody(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > maxBodyBytes)
        {
            return (null, TooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = maxBodyBytes;
        }

        Stream source;
        switch (request.Headers.ContentEncoding.ToString().ToLowerInvariant())
        {
            case "" or "identity":
                source = request.Body;
                break;
            case "gzip":
                source = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
                break;
            default:
                return (null, new Refusal(StatusCodes.Status415UnsupportedMediaType, "Only gzip content encoding is accepted."));
        }

        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            await using (source.ConfigureAwait(false))
            {
                var body = new MemoryStream((int)Math.Min(request.ContentLength ?? 0, maxBodyBytes));
                int read;
                while ((read = await source.ReadAsync(chunk, context.RequestAborted)) > 0)
                {
                    // Counted after decompression too: a small gzip body may unpack into a very large one.
                    if (body.Length + read > maxBodyBytes)
                    {
                        return (null, TooLarge);
                    }

                    body.Write(chunk, 0, read);
                }

                return (body, null);
            }
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's own body limit, or a body that ended early.
            return (null, exception.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge : new Refusal(exception.StatusCode, exception.Message));
        }
        catch (InvalidDataException)
        {
            return (null, new Refusal(StatusCodes.Status400BadRequest, "The body is not valid gzip."));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private Refusal TooLarge => new(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBodyBytes} bytes.");

    private static async Task Refuse(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(reason, context.RequestAborted);
    }

    private sealed record Refusal(int Status, string Reason);
}
