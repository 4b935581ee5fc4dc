/**
 * Test support: small tokenizers in the Hugging Face tokenizers JSON format (tokenizer.json plus
 * tokenizer_config.json), shaped like CLIP's byte-level BPE and SigLIP's SentencePiece Unigram, so
 * transformers.js loads them through its real code paths.
 */

/** The words the stand-in tokenizers know as whole tokens. */
export const WORDS = ['a', 'photo', 'of', 'red', 'blue', 'green', 'square', 'sharp', 'blurry', 'cat', 'dog', 'the', 'with', 'picture', 'bright', 'dark'];

export type StandInTokenizer = { tokenizer: object; config: object; vocab: Map<string, number>; vocabSize: number };

/**
 * A CLIP-format byte-level BPE tokenizer: letters (plus their end-of-word forms), merges that build
 * each of WORDS left to right, CLIP's normaliser, pre-tokeniser and post-processor.
 */
export function clipBpeTokenizer(): StandInTokenizer {
  const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');
  const tokens = [...letters, ...letters.map((letter) => `${letter}</w>`)];
  const merges: string[] = [];
  for (const word of WORDS) {
    let piece = word[0]!;
    for (let index = 1; index < word.length; index++) {
      const right = word[index]! + (index === word.length - 1 ? '</w>' : '');
      const merge = `${piece} ${right}`;
      piece += right;
      if (!merges.includes(merge)) merges.push(merge);
      if (!tokens.includes(piece)) tokens.push(piece);
    }
  }
  const vocab = new Map(tokens.map((token, id) => [token, id]));
  const start = tokens.length;
  const end = tokens.length + 1;
  vocab.set('<|startoftext|>', start).set('<|endoftext|>', end);
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(start, '<|startoftext|>'), special(end, '<|endoftext|>')],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }] },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        {
          type: 'Split',
          pattern: { Regex: "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" },
          behavior: 'Removed',
          invert: true,
        },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: { type: 'RobertaProcessing', sep: ['<|endoftext|>', end], cls: ['<|startoftext|>', start], trim_offsets: false, add_prefix_space: false },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<|endoftext|>',
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      vocab: Object.fromEntries(vocab),
      merges,
    },
  };
  const config = {
    tokenizer_class: 'CLIPTokenizer',
    model_max_length: 77,
    bos_token: '<|startoftext|>',
    eos_token: '<|endoftext|>',
    pad_token: '<|endoftext|>',
    unk_token: '<|endoftext|>',
    do_lower_case: true,
  };
  return { tokenizer, config, vocab, vocabSize: vocab.size };
}

/** A SigLIP-format SentencePiece (Unigram + Metaspace) tokenizer: <pad> 0, </s> 1, <unk> 2, then WORDS and letters. */
export function siglipUnigramTokenizer(): StandInTokenizer {
  const pieces: Array<[string, number]> = [
    ['<pad>', 0],
    ['</s>', 0],
    ['<unk>', 0],
    ['▁', -4],
    ...WORDS.map((word): [string, number] => [`▁${word}`, -5]),
    ...'abcdefghijklmnopqrstuvwxyz'.split('').map((letter): [string, number] => [letter, -10]),
  ];
  const vocab = new Map(pieces.map(([piece], id) => [piece, id]));
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(0, '<pad>'), special(1, '</s>'), special(2, '<unk>')],
    normalizer: { type: 'Lowercase' },
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }, { Sequence: { id: 'B', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      special_tokens: { '</s>': { id: '</s>', ids: [1], tokens: ['</s>'] } },
    },
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 2, vocab: pieces, byte_fallback: false },
  };
  const config = { tokenizer_class: 'SiglipTokenizer', model_max_length: 64, eos_token: '</s>', pad_token: '</s>', unk_token: '<unk>' };
  return { tokenizer, config, vocab, vocabSize: vocab.size };
}
