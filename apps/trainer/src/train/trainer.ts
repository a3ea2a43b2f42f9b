import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { inject, injectAll, injectable } from 'tsyringe';
import { TOKENS, TrainingClock, type Estimator } from '@signflow/core';
import { batches, stepsPerEpoch, type Dataset } from '@signflow/data';
import { join } from 'node:path';
import { writeFileAtomicSync } from '@signflow/metrics';
import type { BackendSelection } from '../backend/select-backend.js';
import type { RunConfig } from '../config/schema.js';
import { APP_TOKENS } from '../container/app-tokens.js';
import { Catalog } from '../container/catalog.js';
import { RunError } from '../errors.js';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint, trainableVariables, type EpochProgress, type TrainingState } from '../run/checkpoint.js';
import { saveBestModel } from '../run/best-model.js';
import { EpochLog, type EpochRecord } from '../run/epoch-log.js';
import { Progress } from '../run/progress.js';
import { runFingerprint } from '../run/run-dir.js';
import { RunLogger } from '../run/run-logger.js';
import { buildModel, oSchedule } from './build-model.js';
import { evaluate } from './evaluate.js';
import { learningRateAt } from './lr-schedule.js';
import type { TrainingObserver } from './observer.js';
import { createOptimizer, type TrainOptimizer } from './optimizers.js';
import { computeGradients } from './train-step.js';

/** Set by the Ctrl-C handler: finish the current step, checkpoint, stop. */
export interface StopSignal {
  requested: boolean;
}

/** How a run ended. */
export interface RunOutcome {
  readonly status: 'completed' | 'interrupted';
  readonly runDir: string;
  /** Best and last test accuracy (fractions); NaN before the first evaluation. */
  readonly bestTop1: number;
  readonly bestTop5: number;
  readonly bestEpoch: number;
  readonly lastTop1: number;
  readonly lastTop5: number;
  readonly epochsDone: number;
}

/**
 * Trains one run: builds the model, drives the learning-rate and estimator schedules per epoch,
 * evaluates after every epoch, logs, checkpoints atomically and resumes from a checkpoint.
 */
@injectable()
export class Trainer {
  constructor(
    @inject(TOKENS.RunConfig) private readonly config: RunConfig,
    @inject(Catalog) private readonly catalog: Catalog,
    @inject(TOKENS.RunLogger) private readonly logger: RunLogger,
    @injectAll(TOKENS.Observer) private readonly observers: TrainingObserver[],
    @inject(APP_TOKENS.RunDataset) private readonly dataset: Dataset,
    @inject(APP_TOKENS.RunDir) private readonly runDir: string,
    @inject(APP_TOKENS.Backend) private readonly backend: BackendSelection,
  ) {}

  /** Runs (or resumes) training to the last epoch, or until `stop.requested`. */
  async run(stop: StopSignal, progress = new Progress()): Promise<RunOutcome> {
    const { config, dataset } = this;
    const { model, estimators } = buildModel(config, this.catalog.backbone(config.backbone), this.catalog.estimator(config.estimator), dataset);
    const optimizer = createOptimizer(config);
    const variables = trainableVariables(model);
    const steps = stepsPerEpoch(dataset.sizes.train, config.batchSize);
    const clock = this.bindSchedules(new TrainingClock(config.epochs, steps), estimators);
    const log = new EpochLog(this.runDir);
    const fingerprint = runFingerprint(config);
    let state: TrainingState = { epoch: 0, step: 0, bestTop1: Number.NaN, bestTop5: Number.NaN, bestEpoch: -1, fingerprint };
    if (hasCheckpoint(this.runDir)) {
      state = await loadCheckpoint(this.runDir, model, optimizer, fingerprint);
      log.truncateTo(state.epoch);
      this.logger.info(`Resuming ${this.runDir} at epoch ${state.epoch + 1}, step ${state.step + 1}.`);
    }
    let last = { top1: Number.NaN, top5: Number.NaN };
    try {
      for (let epoch = state.epoch; epoch < config.epochs; epoch++) {
        const startStep = epoch === state.epoch ? state.step : 0;
        clock.restore({ epoch, step: startStep });
        optimizer.learningRate = learningRateAt(config, epoch);
        const o = estimators.find((e) => 'o' in e.hyperSpec)?.hyper.o;
        const done = await this.trainEpoch(model, optimizer, variables, clock, epoch, steps, startStep, startStep > 0 ? state.epochProgress : undefined, stop, progress);
        if (done.interrupted) {
          state = { ...state, epoch, step: done.step, epochProgress: done.progress };
          await saveCheckpoint(this.runDir, model, optimizer, state);
          this.logger.info(`Stopped at epoch ${epoch + 1}, step ${done.step} of ${steps}; checkpoint saved. Resume with: signflow train --resume ${this.runDir}`);
          return this.outcome('interrupted', state, last, epoch);
        }
        const evaluation = await evaluate(model, dataset, config.evalBatchSize);
        last = evaluation;
        const { lossSum, correct, seen, seconds } = done.progress;
        const imagesPerSecond = seen / Math.max(seconds, 1e-9);
        const record: EpochRecord = {
          epoch,
          loss: lossSum / seen,
          trainTop1: correct / seen,
          testLoss: evaluation.loss,
          top1: evaluation.top1,
          top5: evaluation.top5,
          lr: optimizer.learningRate,
          ...(o === undefined ? {} : { o }),
          ...Object.assign({}, ...this.observers.map((obs) => obs.epochFields())),
          seconds,
          imagesPerSecond,
          backend: this.backend.backend,
        };
        const best = !(evaluation.top1 <= state.bestTop1);
        state = {
          ...state,
          epoch: epoch + 1,
          step: 0,
          epochProgress: undefined,
          ...(best ? { bestTop1: evaluation.top1, bestTop5: evaluation.top5, bestEpoch: epoch } : {}),
        };
        log.append(record);
        if (best) await saveBestModel(this.runDir, model, { epoch, top1: evaluation.top1, top5: evaluation.top5 });
        await saveCheckpoint(this.runDir, model, optimizer, state);
        progress.line(
          `epoch ${epoch + 1}/${config.epochs}: loss ${(lossSum / seen).toFixed(4)}, train top-1 ${pct(correct / seen)}, ` +
            `test top-1 ${pct(evaluation.top1)}, top-5 ${pct(evaluation.top5)}, lr ${optimizer.learningRate.toPrecision(3)}` +
            `${o === undefined ? '' : `, o ${o.toFixed(3)}`}, ${imagesPerSecond.toFixed(0)} img/s`,
        );
        if (stop.requested && epoch + 1 < config.epochs) {
          this.logger.info(`Stopped after epoch ${epoch + 1}; checkpoint saved. Resume with: signflow train --resume ${this.runDir}`);
          return this.outcome('interrupted', state, last, epoch + 1);
        }
      }
      const outcome = this.outcome('completed', state, last, config.epochs);
      writeFileAtomicSync(join(this.runDir, 'summary.json'), JSON.stringify({ ...outcome, backend: this.backend.backend }, null, 2) + '\n');
      return outcome;
    } finally {
      for (const obs of this.observers) obs.dispose?.();
      optimizer.dispose();
      model.dispose();
    }
  }

  /**
   * Binds the estimator plugin's default schedules, and ReSTE's `o` schedule from the run config,
   * to every estimator that has the hyper-parameter (weights and activations alike).
   */
  private bindSchedules(clock: TrainingClock, estimators: readonly Estimator[]): TrainingClock {
    const granularity = this.config.scheduleGranularity;
    const schedules = [
      ...(this.catalog.estimator(this.config.estimator).defaultSchedules ?? []).filter((s) => s.hyper !== 'o'),
      { hyper: 'o', schedule: oSchedule(this.config) },
    ];
    for (const { hyper, schedule } of schedules) {
      const targets = estimators.filter((e) => hyper in e.hyperSpec && !(hyper in this.config.estimatorConfig));
      if (targets.length > 0) clock.bind({ estimators: targets, hyper, schedule, granularity });
    }
    return clock;
  }

  private async trainEpoch(
    model: LayersModel,
    optimizer: TrainOptimizer,
    variables: tf.Variable[],
    clock: TrainingClock,
    epoch: number,
    steps: number,
    startStep: number,
    resumed: EpochProgress | undefined,
    stop: StopSignal,
    progress: Progress,
  ): Promise<{ interrupted: boolean; step: number; progress: EpochProgress }> {
    const { config, dataset } = this;
    let acc: EpochProgress = resumed ?? { lossSum: 0, correct: 0, seen: 0, seconds: 0 };
    const numClasses = dataset.classNames.length;
    const started = performance.now();
    const before = acc.seconds;
    for await (const batch of batches(dataset, { split: 'train', batchSize: config.batchSize, epoch, seed: config.seed, augment: config.augment, startStep })) {
      const lastStep = batch.step === steps - 1;
      const { result, grads } = computeGradients(model, variables, batch.xs, batch.ys, numClasses);
      tf.dispose([batch.xs, batch.ys]);
      if (!Number.isFinite(result.loss)) {
        tf.dispose(grads);
        throw new RunError(
          `The loss became ${result.loss} at epoch ${epoch + 1}, step ${batch.step + 1}. The last good checkpoint in ${join(this.runDir, 'checkpoints')} is kept; ` +
            'lower --lr or check the data, then start a new run (or resume, which repeats the epoch from that checkpoint).',
        );
      }
      if (lastStep) for (const obs of this.observers) obs.beforeLastUpdate?.(model);
      optimizer.apply(variables, grads);
      if (lastStep) for (const obs of this.observers) obs.afterLastUpdate?.(model, grads);
      tf.dispose(grads);
      const seconds = before + (performance.now() - started) / 1000;
      acc = { lossSum: acc.lossSum + result.loss * batch.size, correct: acc.correct + result.correct, seen: acc.seen + batch.size, seconds };
      const rate = acc.seen / Math.max(seconds, 1e-9);
      progress.update(epoch + 1, config.epochs, batch.step + 1, steps, acc.lossSum / acc.seen, acc.correct / acc.seen, rate, ((steps - batch.step - 1) * config.batchSize) / rate);
      if (!lastStep) clock.advanceStep();
      if (stop.requested && !lastStep) return { interrupted: true, step: batch.step + 1, progress: acc };
    }
    return { interrupted: false, step: steps, progress: acc };
  }

  private outcome(status: RunOutcome['status'], state: TrainingState, last: { top1: number; top5: number }, epochsDone: number): RunOutcome {
    return { status, runDir: this.runDir, bestTop1: state.bestTop1, bestTop5: state.bestTop5, bestEpoch: state.bestEpoch, lastTop1: last.top1, lastTop5: last.top5, epochsDone };
  }
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}
