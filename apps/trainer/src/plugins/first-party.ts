import { registerPlugins } from '@signflow/core';
import * as approxsign from '@signflow/estimator-approxsign';
import * as dorefa from '@signflow/estimator-dorefa';
import * as dsq from '@signflow/estimator-dsq';
import * as ede from '@signflow/estimator-ede';
import * as fda from '@signflow/estimator-fda';
import * as rbnn from '@signflow/estimator-rbnn';
import * as reste from '@signflow/estimator-reste';
import * as ste from '@signflow/estimator-ste';
import * as resnet from '@signflow/zoo-resnet';
import * as small from '@signflow/zoo-small';
import * as vgg from '@signflow/zoo-vgg';
import * as vit from '@signflow/zoo-vit';

/** Registers the estimators and backbones signflow ships (idempotent: the same objects again change nothing). */
export function registerFirstPartyPlugins(): void {
  registerPlugins(reste, ste, dorefa, ede, rbnn, approxsign, dsq, fda, small, resnet, vgg, vit);
}
