namespace Kith.Data.Ingestion.Formats;

/// <summary>The file formats <c>kith import</c> reads; see docs/import-formats.md.</summary>
public enum ImportFormat
{
    /// <summary>Kith's own CSV (header row, snake_case columns).</summary>
    KithCsv,

    /// <summary>JSON Lines with the API's camelCase records.</summary>
    Jsonl,

    /// <summary>CDNOW_master.txt: customer_id date quantity amount.</summary>
    Cdnow,

    /// <summary>CDNOW_sample.txt: master customer id, sample id, date, quantity, amount.</summary>
    CdnowSample,

    /// <summary>UCI Online Retail invoice lines.</summary>
    OnlineRetail,
}
