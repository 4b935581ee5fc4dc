/**
 * What nsfwjs 4.4.0 does around its models, read from its own source (node_modules/nsfwjs/dist/esm;
 * dist/cjs is the same code), so our adapter feeds the converted model exactly what nsfwjs feeds it.
 */

/**
 * Side of the square input of both MobileNetV2 models. core.js line 60: `var IMAGE_SIZE = 224;`,
 * the default `options.size` of `load()`; only inception_v3 overrides it (models/inception_v3.js:
 * `options: { size: 299 }`).
 */
export const NSFWJS_INPUT_SIZE = 224;

/**
 * Pixels are divided by 255 before the model: core.js line 292 `this.normalizationOffset =
 * tf.scalar(255)` and line 355 `img.toFloat().div(_this.normalizationOffset)`, applied to the RGB
 * tensor from `tf.browser.fromPixels` (3 channels, alpha dropped). So the model input is RGB in
 * [0, 1], NHWC [1, 224, 224, 3] (line 362 `resized.reshape([1, size, size, 3])`). The MobileNetV2
 * Mid graph then maps [0, 1] to [-1, 1] itself (its first nodes are hub_input/Mul by 2 and
 * hub_input/Sub 1); the Keras MobileNetV2 takes [0, 1] as is.
 */
export const NSFWJS_PIXEL_DIVISOR = 255;
/** The same as a multiplier (feeding value / 255, as a float32, matches nsfwjs to the bit). */
export const NSFWJS_PIXEL_SCALE = 1 / NSFWJS_PIXEL_DIVISOR;

/**
 * nsfwjs resizes with `tf.image.resizeBilinear(normalized, [size, size], alignCorners = true)`
 * (core.js lines 359–360) and only when the image is not already size×size: the aspect ratio is not
 * kept (the image is stretched).
 */
export const NSFWJS_RESIZE = { method: 'bilinear', alignCorners: true, keepAspectRatio: false } as const;

/**
 * Output order of the 5 probabilities: nsfw_classes.js lines 1–7 map index 0..4 to
 * 'Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'; `getTopKClasses` (core.js) names `values[i]` with
 * `NSFW_CLASSES[i]`.
 */
export const NSFWJS_CLASS_NAMES = ['drawing', 'hentai', 'neutral', 'porn', 'sexy'] as const;
export type NsfwjsClassName = (typeof NSFWJS_CLASS_NAMES)[number];

/**
 * Both models end in a softmax, so their output already is probabilities summing to 1: the Keras
 * MobileNetV2's last layer is `Dense(5, activation: 'softmax')` (dense_3 in its model.min.js) and
 * the Mid graph's is `Softmax` then `Identity`. nsfwjs applies nothing after `model.predict`:
 * `classify` sorts `logits.data()` and reports those values as `probability` (core.js
 * `getTopKClasses`), despite the variable's name.
 */
export const NSFWJS_OUTPUT_IS_PROBABILITY = true;

/**
 * How nsfwjs loads each bundled model: models/mobilenet_v2_mid.js sets `options: { type: "graph" }`
 * (→ `tf.loadGraphModel`, core.js line 317); mobilenet_v2.js sets no type (→ `tf.loadLayersModel`,
 * line 323): the default MobileNetV2 is a Keras layers model, not a graph model.
 */
export const NSFWJS_MODEL_FORMATS = { mobilenet_v2: 'layers-model', mobilenet_v2_mid: 'graph-model' } as const;
