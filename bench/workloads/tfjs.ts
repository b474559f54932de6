/** The same three workloads on TensorFlow.js (tfjs-core + the pure-JS CPU backend), using tf.grads/variableGrads. */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
// tfjs-core alone has no gradient kernels registered; the union package (tfjs) would import this for us.
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import { det, timeLoop, type Timing } from "../timing.js";

const X33 = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [3.0, -2.5, 1.0]];
const Y33 = [[1.0, 2.0, -0.5], [0.1, -3.0, 4.0], [2.5, 0.0, -1.5]];
const Z33 = [[0.0, 1.0, 2.0], [-1.0, -2.0, 0.5], [0.3, 0.7, -0.9]];

/** Selects the CPU backend once (tfjs-node is not installed, so this is the pure-JS kernel set). */
export async function tfjsReady(): Promise<string> {
  await tf.setBackend("cpu");
  await tf.ready();
  return `${tf.version_core} (${tf.getBackend()})`;
}

export function tfjsCourse(iterations: number): Timing {
  const x = tf.tensor2d(X33);
  const y = tf.tensor2d(Y33);
  const z = tf.tensor2d(Z33);
  const grad = tf.grad((xv: tf.Tensor) => tf.sum(tf.add(tf.mul(xv, y), z)));
  const step = (): void => {
    tf.tidy(() => {
      grad(x);
    });
  };
  return timeLoop(step, { warmup: 500, iterations });
}

export function tfjsMlp(budgetMs: number): Timing {
  const xb = tf.tensor2d(det(64 * 784, 1), [64, 784]);
  const onehotData = new Float32Array(640);
  for (let i = 0; i < 64; i++) onehotData[i * 10 + (i % 10)] = 1;
  const onehot = tf.tensor2d(onehotData, [64, 10]);
  const w1 = tf.variable(tf.tensor2d(det(784 * 128, 2).map((v) => v * 0.1), [784, 128]));
  const b1 = tf.variable(tf.zeros([128]));
  const w2 = tf.variable(tf.tensor2d(det(128 * 10, 3).map((v) => v * 0.3), [128, 10]));
  const b2 = tf.variable(tf.zeros([10]));
  const params = [w1, b1, w2, b2];
  const loss = (): tf.Scalar =>
    tf.div(tf.neg(tf.sum(tf.mul(tf.logSoftmax(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(xb, w1), b1)), w2), b2), 1), onehot))), 64);
  const step = (): void => {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(loss, params);
      for (const p of params) {
        const g = grads[p.name];
        if (g !== undefined) p.assign(tf.sub(p, tf.mul(g, 0.01)));
      }
    });
  };
  return timeLoop(step, { warmup: 5, budgetMs });
}

export function tfjsMatmul(budgetMs: number): Timing {
  const a = tf.tensor2d(det(256 * 256, 4), [256, 256]);
  const b = tf.tensor2d(det(256 * 256, 5), [256, 256]);
  const grads = tf.grads((av: tf.Tensor, bv: tf.Tensor) => tf.sum(tf.matMul(av, bv)));
  const step = (): void => {
    tf.tidy(() => {
      grads([a, b]);
    });
  };
  return timeLoop(step, { warmup: 3, budgetMs });
}

/**
 * The MLP with TF.js's own optimizer (tf.train.sgd(0.01).minimize): tfjs-core has no layers API (that is the separate
 * @tensorflow/tfjs-layers package, not installed), so the layers are the same variables as in tfjsMlp.
 */
export function tfjsNnMlp(budgetMs: number): Timing {
  const xb = tf.tensor2d(det(64 * 784, 1), [64, 784]);
  const labels = tf.tensor1d(Array.from({ length: 64 }, (_v, i) => i % 10), "int32");
  const onehot = tf.oneHot(labels, 10);
  const w1 = tf.variable(tf.tensor2d(det(784 * 128, 2).map((v) => v * 0.1), [784, 128]));
  const b1 = tf.variable(tf.zeros([128]));
  const w2 = tf.variable(tf.tensor2d(det(128 * 10, 3).map((v) => v * 0.3), [128, 10]));
  const b2 = tf.variable(tf.zeros([10]));
  const opt = tf.train.sgd(0.01);
  const loss = (): tf.Scalar => tf.losses.softmaxCrossEntropy(onehot, tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(xb, w1), b1)), w2), b2)) as tf.Scalar;
  const step = (): void => {
    tf.tidy(() => {
      opt.minimize(loss, false, [w1, b1, w2, b2]);
    });
  };
  return timeLoop(step, { warmup: 5, budgetMs });
}
