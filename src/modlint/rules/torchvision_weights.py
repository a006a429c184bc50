"""torchvision's model builders that still take ``pretrained`` (and
``pretrained_backbone``), and the weights each gives for ``True``.

Read from the ``@handle_legacy_interface(...)`` decorators of torchvision 0.29.1 (what
``tests/rules/test_mod408.py`` checks again when the benchmark corpus is fetched). The
weights are spelled from ``torchvision.models``; None where torchvision computes them
from other arguments.
"""

from __future__ import annotations

from typing import Optional

# builder -> ((legacy parameter, its replacement, weights for True), ...)
LEGACY_WEIGHTS: dict[str, tuple[tuple[str, str, Optional[str]], ...]] = {
    "torchvision.models.alexnet": (("pretrained", "weights", "AlexNet_Weights.IMAGENET1K_V1"),),
    "torchvision.models.alexnet.alexnet": (
        ("pretrained", "weights", "AlexNet_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.convnext.convnext_base": (
        ("pretrained", "weights", "ConvNeXt_Base_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.convnext.convnext_large": (
        ("pretrained", "weights", "ConvNeXt_Large_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.convnext.convnext_small": (
        ("pretrained", "weights", "ConvNeXt_Small_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.convnext.convnext_tiny": (
        ("pretrained", "weights", "ConvNeXt_Tiny_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.convnext_base": (
        ("pretrained", "weights", "ConvNeXt_Base_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.convnext_large": (
        ("pretrained", "weights", "ConvNeXt_Large_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.convnext_small": (
        ("pretrained", "weights", "ConvNeXt_Small_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.convnext_tiny": (
        ("pretrained", "weights", "ConvNeXt_Tiny_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.densenet.densenet121": (
        ("pretrained", "weights", "DenseNet121_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.densenet.densenet161": (
        ("pretrained", "weights", "DenseNet161_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.densenet.densenet169": (
        ("pretrained", "weights", "DenseNet169_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.densenet.densenet201": (
        ("pretrained", "weights", "DenseNet201_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.densenet121": (
        ("pretrained", "weights", "DenseNet121_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.densenet161": (
        ("pretrained", "weights", "DenseNet161_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.densenet169": (
        ("pretrained", "weights", "DenseNet169_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.densenet201": (
        ("pretrained", "weights", "DenseNet201_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.backbone_utils.mobilenet_backbone": (
        ("pretrained", "weights", None),
    ),
    "torchvision.models.detection.backbone_utils.resnet_fpn_backbone": (
        ("pretrained", "weights", None),
    ),
    "torchvision.models.detection.faster_rcnn.fasterrcnn_mobilenet_v3_large_320_fpn": (
        ("pretrained", "weights", "detection.FasterRCNN_MobileNet_V3_Large_320_FPN_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "MobileNet_V3_Large_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.faster_rcnn.fasterrcnn_mobilenet_v3_large_fpn": (
        ("pretrained", "weights", "detection.FasterRCNN_MobileNet_V3_Large_FPN_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "MobileNet_V3_Large_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.faster_rcnn.fasterrcnn_resnet50_fpn": (
        ("pretrained", "weights", "detection.FasterRCNN_ResNet50_FPN_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.faster_rcnn.fasterrcnn_resnet50_fpn_v2": (
        ("pretrained", "weights", "detection.FasterRCNN_ResNet50_FPN_V2_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.fasterrcnn_mobilenet_v3_large_320_fpn": (
        ("pretrained", "weights", "detection.FasterRCNN_MobileNet_V3_Large_320_FPN_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "MobileNet_V3_Large_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.fasterrcnn_mobilenet_v3_large_fpn": (
        ("pretrained", "weights", "detection.FasterRCNN_MobileNet_V3_Large_FPN_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "MobileNet_V3_Large_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.fasterrcnn_resnet50_fpn": (
        ("pretrained", "weights", "detection.FasterRCNN_ResNet50_FPN_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.fasterrcnn_resnet50_fpn_v2": (
        ("pretrained", "weights", "detection.FasterRCNN_ResNet50_FPN_V2_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.fcos.fcos_resnet50_fpn": (
        ("pretrained", "weights", "detection.FCOS_ResNet50_FPN_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.fcos_resnet50_fpn": (
        ("pretrained", "weights", "detection.FCOS_ResNet50_FPN_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.keypoint_rcnn.keypointrcnn_resnet50_fpn": (
        ("pretrained", "weights", None),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.keypointrcnn_resnet50_fpn": (
        ("pretrained", "weights", None),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.mask_rcnn.maskrcnn_resnet50_fpn": (
        ("pretrained", "weights", "detection.MaskRCNN_ResNet50_FPN_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.mask_rcnn.maskrcnn_resnet50_fpn_v2": (
        ("pretrained", "weights", "detection.MaskRCNN_ResNet50_FPN_V2_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.maskrcnn_resnet50_fpn": (
        ("pretrained", "weights", "detection.MaskRCNN_ResNet50_FPN_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.maskrcnn_resnet50_fpn_v2": (
        ("pretrained", "weights", "detection.MaskRCNN_ResNet50_FPN_V2_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.mobilenet_backbone": (("pretrained", "weights", None),),
    "torchvision.models.detection.resnet_fpn_backbone": (("pretrained", "weights", None),),
    "torchvision.models.detection.retinanet.retinanet_resnet50_fpn": (
        ("pretrained", "weights", "detection.RetinaNet_ResNet50_FPN_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.retinanet.retinanet_resnet50_fpn_v2": (
        ("pretrained", "weights", "detection.RetinaNet_ResNet50_FPN_V2_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.retinanet_resnet50_fpn": (
        ("pretrained", "weights", "detection.RetinaNet_ResNet50_FPN_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.retinanet_resnet50_fpn_v2": (
        ("pretrained", "weights", "detection.RetinaNet_ResNet50_FPN_V2_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.ssd.ssd300_vgg16": (
        ("pretrained", "weights", "detection.SSD300_VGG16_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "VGG16_Weights.IMAGENET1K_FEATURES"),
    ),
    "torchvision.models.detection.ssd300_vgg16": (
        ("pretrained", "weights", "detection.SSD300_VGG16_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "VGG16_Weights.IMAGENET1K_FEATURES"),
    ),
    "torchvision.models.detection.ssdlite.ssdlite320_mobilenet_v3_large": (
        ("pretrained", "weights", "detection.SSDLite320_MobileNet_V3_Large_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "MobileNet_V3_Large_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.detection.ssdlite320_mobilenet_v3_large": (
        ("pretrained", "weights", "detection.SSDLite320_MobileNet_V3_Large_Weights.COCO_V1"),
        ("pretrained_backbone", "weights_backbone", "MobileNet_V3_Large_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet.efficientnet_b0": (
        ("pretrained", "weights", "EfficientNet_B0_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet.efficientnet_b1": (
        ("pretrained", "weights", "EfficientNet_B1_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet.efficientnet_b2": (
        ("pretrained", "weights", "EfficientNet_B2_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet.efficientnet_b3": (
        ("pretrained", "weights", "EfficientNet_B3_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet.efficientnet_b4": (
        ("pretrained", "weights", "EfficientNet_B4_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet.efficientnet_b5": (
        ("pretrained", "weights", "EfficientNet_B5_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet.efficientnet_b6": (
        ("pretrained", "weights", "EfficientNet_B6_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet.efficientnet_b7": (
        ("pretrained", "weights", "EfficientNet_B7_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet.efficientnet_v2_l": (
        ("pretrained", "weights", "EfficientNet_V2_L_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet.efficientnet_v2_m": (
        ("pretrained", "weights", "EfficientNet_V2_M_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet.efficientnet_v2_s": (
        ("pretrained", "weights", "EfficientNet_V2_S_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet_b0": (
        ("pretrained", "weights", "EfficientNet_B0_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet_b1": (
        ("pretrained", "weights", "EfficientNet_B1_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet_b2": (
        ("pretrained", "weights", "EfficientNet_B2_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet_b3": (
        ("pretrained", "weights", "EfficientNet_B3_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet_b4": (
        ("pretrained", "weights", "EfficientNet_B4_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet_b5": (
        ("pretrained", "weights", "EfficientNet_B5_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet_b6": (
        ("pretrained", "weights", "EfficientNet_B6_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet_b7": (
        ("pretrained", "weights", "EfficientNet_B7_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet_v2_l": (
        ("pretrained", "weights", "EfficientNet_V2_L_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet_v2_m": (
        ("pretrained", "weights", "EfficientNet_V2_M_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.efficientnet_v2_s": (
        ("pretrained", "weights", "EfficientNet_V2_S_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.googlenet": (
        ("pretrained", "weights", "GoogLeNet_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.googlenet.googlenet": (
        ("pretrained", "weights", "GoogLeNet_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.inception.inception_v3": (
        ("pretrained", "weights", "Inception_V3_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.inception_v3": (
        ("pretrained", "weights", "Inception_V3_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.maxvit.maxvit_t": (
        ("pretrained", "weights", "MaxVit_T_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.maxvit_t": (("pretrained", "weights", "MaxVit_T_Weights.IMAGENET1K_V1"),),
    "torchvision.models.mnasnet.mnasnet0_5": (
        ("pretrained", "weights", "MNASNet0_5_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.mnasnet.mnasnet0_75": (
        ("pretrained", "weights", "MNASNet0_75_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.mnasnet.mnasnet1_0": (
        ("pretrained", "weights", "MNASNet1_0_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.mnasnet.mnasnet1_3": (
        ("pretrained", "weights", "MNASNet1_3_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.mnasnet0_5": (
        ("pretrained", "weights", "MNASNet0_5_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.mnasnet0_75": (
        ("pretrained", "weights", "MNASNet0_75_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.mnasnet1_0": (
        ("pretrained", "weights", "MNASNet1_0_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.mnasnet1_3": (
        ("pretrained", "weights", "MNASNet1_3_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.mobilenet_v2": (
        ("pretrained", "weights", "MobileNet_V2_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.mobilenet_v3_large": (
        ("pretrained", "weights", "MobileNet_V3_Large_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.mobilenet_v3_small": (
        ("pretrained", "weights", "MobileNet_V3_Small_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.mobilenetv2.mobilenet_v2": (
        ("pretrained", "weights", "MobileNet_V2_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.mobilenetv3.mobilenet_v3_large": (
        ("pretrained", "weights", "MobileNet_V3_Large_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.mobilenetv3.mobilenet_v3_small": (
        ("pretrained", "weights", "MobileNet_V3_Small_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.optical_flow.raft.raft_large": (
        ("pretrained", "weights", "optical_flow.Raft_Large_Weights.C_T_SKHT_V2"),
    ),
    "torchvision.models.optical_flow.raft.raft_small": (
        ("pretrained", "weights", "optical_flow.Raft_Small_Weights.C_T_V2"),
    ),
    "torchvision.models.optical_flow.raft_large": (
        ("pretrained", "weights", "optical_flow.Raft_Large_Weights.C_T_SKHT_V2"),
    ),
    "torchvision.models.optical_flow.raft_small": (
        ("pretrained", "weights", "optical_flow.Raft_Small_Weights.C_T_V2"),
    ),
    "torchvision.models.quantization.googlenet": (("pretrained", "weights", None),),
    "torchvision.models.quantization.googlenet.googlenet": (("pretrained", "weights", None),),
    "torchvision.models.quantization.inception.inception_v3": (("pretrained", "weights", None),),
    "torchvision.models.quantization.inception_v3": (("pretrained", "weights", None),),
    "torchvision.models.quantization.mobilenet_v2": (("pretrained", "weights", None),),
    "torchvision.models.quantization.mobilenet_v3_large": (("pretrained", "weights", None),),
    "torchvision.models.quantization.mobilenetv2.mobilenet_v2": (("pretrained", "weights", None),),
    "torchvision.models.quantization.mobilenetv3.mobilenet_v3_large": (
        ("pretrained", "weights", None),
    ),
    "torchvision.models.quantization.resnet.resnet18": (("pretrained", "weights", None),),
    "torchvision.models.quantization.resnet.resnet50": (("pretrained", "weights", None),),
    "torchvision.models.quantization.resnet.resnext101_32x8d": (("pretrained", "weights", None),),
    "torchvision.models.quantization.resnet.resnext101_64x4d": (("pretrained", "weights", None),),
    "torchvision.models.quantization.resnet18": (("pretrained", "weights", None),),
    "torchvision.models.quantization.resnet50": (("pretrained", "weights", None),),
    "torchvision.models.quantization.resnext101_32x8d": (("pretrained", "weights", None),),
    "torchvision.models.quantization.resnext101_64x4d": (("pretrained", "weights", None),),
    "torchvision.models.quantization.shufflenet_v2_x0_5": (("pretrained", "weights", None),),
    "torchvision.models.quantization.shufflenet_v2_x1_0": (("pretrained", "weights", None),),
    "torchvision.models.quantization.shufflenet_v2_x1_5": (("pretrained", "weights", None),),
    "torchvision.models.quantization.shufflenet_v2_x2_0": (("pretrained", "weights", None),),
    "torchvision.models.quantization.shufflenetv2.shufflenet_v2_x0_5": (
        ("pretrained", "weights", None),
    ),
    "torchvision.models.quantization.shufflenetv2.shufflenet_v2_x1_0": (
        ("pretrained", "weights", None),
    ),
    "torchvision.models.quantization.shufflenetv2.shufflenet_v2_x1_5": (
        ("pretrained", "weights", None),
    ),
    "torchvision.models.quantization.shufflenetv2.shufflenet_v2_x2_0": (
        ("pretrained", "weights", None),
    ),
    "torchvision.models.regnet.regnet_x_16gf": (
        ("pretrained", "weights", "RegNet_X_16GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet.regnet_x_1_6gf": (
        ("pretrained", "weights", "RegNet_X_1_6GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet.regnet_x_32gf": (
        ("pretrained", "weights", "RegNet_X_32GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet.regnet_x_3_2gf": (
        ("pretrained", "weights", "RegNet_X_3_2GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet.regnet_x_400mf": (
        ("pretrained", "weights", "RegNet_X_400MF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet.regnet_x_800mf": (
        ("pretrained", "weights", "RegNet_X_800MF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet.regnet_x_8gf": (
        ("pretrained", "weights", "RegNet_X_8GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet.regnet_y_128gf": (("pretrained", "weights", None),),
    "torchvision.models.regnet.regnet_y_16gf": (
        ("pretrained", "weights", "RegNet_Y_16GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet.regnet_y_1_6gf": (
        ("pretrained", "weights", "RegNet_Y_1_6GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet.regnet_y_32gf": (
        ("pretrained", "weights", "RegNet_Y_32GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet.regnet_y_3_2gf": (
        ("pretrained", "weights", "RegNet_Y_3_2GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet.regnet_y_400mf": (
        ("pretrained", "weights", "RegNet_Y_400MF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet.regnet_y_800mf": (
        ("pretrained", "weights", "RegNet_Y_800MF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet.regnet_y_8gf": (
        ("pretrained", "weights", "RegNet_Y_8GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet_x_16gf": (
        ("pretrained", "weights", "RegNet_X_16GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet_x_1_6gf": (
        ("pretrained", "weights", "RegNet_X_1_6GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet_x_32gf": (
        ("pretrained", "weights", "RegNet_X_32GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet_x_3_2gf": (
        ("pretrained", "weights", "RegNet_X_3_2GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet_x_400mf": (
        ("pretrained", "weights", "RegNet_X_400MF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet_x_800mf": (
        ("pretrained", "weights", "RegNet_X_800MF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet_x_8gf": (
        ("pretrained", "weights", "RegNet_X_8GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet_y_128gf": (("pretrained", "weights", None),),
    "torchvision.models.regnet_y_16gf": (
        ("pretrained", "weights", "RegNet_Y_16GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet_y_1_6gf": (
        ("pretrained", "weights", "RegNet_Y_1_6GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet_y_32gf": (
        ("pretrained", "weights", "RegNet_Y_32GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet_y_3_2gf": (
        ("pretrained", "weights", "RegNet_Y_3_2GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet_y_400mf": (
        ("pretrained", "weights", "RegNet_Y_400MF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet_y_800mf": (
        ("pretrained", "weights", "RegNet_Y_800MF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.regnet_y_8gf": (
        ("pretrained", "weights", "RegNet_Y_8GF_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnet.resnet101": (
        ("pretrained", "weights", "ResNet101_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnet.resnet152": (
        ("pretrained", "weights", "ResNet152_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnet.resnet18": (
        ("pretrained", "weights", "ResNet18_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnet.resnet34": (
        ("pretrained", "weights", "ResNet34_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnet.resnet50": (
        ("pretrained", "weights", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnet.resnext101_32x8d": (
        ("pretrained", "weights", "ResNeXt101_32X8D_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnet.resnext101_64x4d": (
        ("pretrained", "weights", "ResNeXt101_64X4D_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnet.resnext50_32x4d": (
        ("pretrained", "weights", "ResNeXt50_32X4D_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnet.wide_resnet101_2": (
        ("pretrained", "weights", "Wide_ResNet101_2_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnet.wide_resnet50_2": (
        ("pretrained", "weights", "Wide_ResNet50_2_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnet101": (
        ("pretrained", "weights", "ResNet101_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnet152": (
        ("pretrained", "weights", "ResNet152_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnet18": (("pretrained", "weights", "ResNet18_Weights.IMAGENET1K_V1"),),
    "torchvision.models.resnet34": (("pretrained", "weights", "ResNet34_Weights.IMAGENET1K_V1"),),
    "torchvision.models.resnet50": (("pretrained", "weights", "ResNet50_Weights.IMAGENET1K_V1"),),
    "torchvision.models.resnext101_32x8d": (
        ("pretrained", "weights", "ResNeXt101_32X8D_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnext101_64x4d": (
        ("pretrained", "weights", "ResNeXt101_64X4D_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.resnext50_32x4d": (
        ("pretrained", "weights", "ResNeXt50_32X4D_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.segmentation.deeplabv3.deeplabv3_mobilenet_v3_large": (
        ("pretrained", "weights", "segmentation.DeepLabV3_MobileNet_V3_Large_Weights.COCO_WITH_VOC_LABELS_V1"),
        ("pretrained_backbone", "weights_backbone", "MobileNet_V3_Large_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.segmentation.deeplabv3.deeplabv3_resnet101": (
        ("pretrained", "weights", "segmentation.DeepLabV3_ResNet101_Weights.COCO_WITH_VOC_LABELS_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet101_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.segmentation.deeplabv3.deeplabv3_resnet50": (
        ("pretrained", "weights", "segmentation.DeepLabV3_ResNet50_Weights.COCO_WITH_VOC_LABELS_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.segmentation.deeplabv3_mobilenet_v3_large": (
        ("pretrained", "weights", "segmentation.DeepLabV3_MobileNet_V3_Large_Weights.COCO_WITH_VOC_LABELS_V1"),
        ("pretrained_backbone", "weights_backbone", "MobileNet_V3_Large_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.segmentation.deeplabv3_resnet101": (
        ("pretrained", "weights", "segmentation.DeepLabV3_ResNet101_Weights.COCO_WITH_VOC_LABELS_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet101_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.segmentation.deeplabv3_resnet50": (
        ("pretrained", "weights", "segmentation.DeepLabV3_ResNet50_Weights.COCO_WITH_VOC_LABELS_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.segmentation.fcn.fcn_resnet101": (
        ("pretrained", "weights", "segmentation.FCN_ResNet101_Weights.COCO_WITH_VOC_LABELS_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet101_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.segmentation.fcn.fcn_resnet50": (
        ("pretrained", "weights", "segmentation.FCN_ResNet50_Weights.COCO_WITH_VOC_LABELS_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.segmentation.fcn_resnet101": (
        ("pretrained", "weights", "segmentation.FCN_ResNet101_Weights.COCO_WITH_VOC_LABELS_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet101_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.segmentation.fcn_resnet50": (
        ("pretrained", "weights", "segmentation.FCN_ResNet50_Weights.COCO_WITH_VOC_LABELS_V1"),
        ("pretrained_backbone", "weights_backbone", "ResNet50_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.segmentation.lraspp.lraspp_mobilenet_v3_large": (
        ("pretrained", "weights", "segmentation.LRASPP_MobileNet_V3_Large_Weights.COCO_WITH_VOC_LABELS_V1"),
        ("pretrained_backbone", "weights_backbone", "MobileNet_V3_Large_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.segmentation.lraspp_mobilenet_v3_large": (
        ("pretrained", "weights", "segmentation.LRASPP_MobileNet_V3_Large_Weights.COCO_WITH_VOC_LABELS_V1"),
        ("pretrained_backbone", "weights_backbone", "MobileNet_V3_Large_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.shufflenet_v2_x0_5": (
        ("pretrained", "weights", "ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.shufflenet_v2_x1_0": (
        ("pretrained", "weights", "ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.shufflenet_v2_x1_5": (
        ("pretrained", "weights", "ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.shufflenet_v2_x2_0": (
        ("pretrained", "weights", "ShuffleNet_V2_X2_0_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.shufflenetv2.shufflenet_v2_x0_5": (
        ("pretrained", "weights", "ShuffleNet_V2_X0_5_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.shufflenetv2.shufflenet_v2_x1_0": (
        ("pretrained", "weights", "ShuffleNet_V2_X1_0_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.shufflenetv2.shufflenet_v2_x1_5": (
        ("pretrained", "weights", "ShuffleNet_V2_X1_5_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.shufflenetv2.shufflenet_v2_x2_0": (
        ("pretrained", "weights", "ShuffleNet_V2_X2_0_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.squeezenet.squeezenet1_0": (
        ("pretrained", "weights", "SqueezeNet1_0_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.squeezenet.squeezenet1_1": (
        ("pretrained", "weights", "SqueezeNet1_1_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.squeezenet1_0": (
        ("pretrained", "weights", "SqueezeNet1_0_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.squeezenet1_1": (
        ("pretrained", "weights", "SqueezeNet1_1_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.swin_b": (("pretrained", "weights", "Swin_B_Weights.IMAGENET1K_V1"),),
    "torchvision.models.swin_s": (("pretrained", "weights", "Swin_S_Weights.IMAGENET1K_V1"),),
    "torchvision.models.swin_t": (("pretrained", "weights", "Swin_T_Weights.IMAGENET1K_V1"),),
    "torchvision.models.swin_transformer.swin_b": (
        ("pretrained", "weights", "Swin_B_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.swin_transformer.swin_s": (
        ("pretrained", "weights", "Swin_S_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.swin_transformer.swin_t": (
        ("pretrained", "weights", "Swin_T_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.swin_transformer.swin_v2_b": (
        ("pretrained", "weights", "Swin_V2_B_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.swin_transformer.swin_v2_s": (
        ("pretrained", "weights", "Swin_V2_S_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.swin_transformer.swin_v2_t": (
        ("pretrained", "weights", "Swin_V2_T_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.swin_v2_b": (
        ("pretrained", "weights", "Swin_V2_B_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.swin_v2_s": (
        ("pretrained", "weights", "Swin_V2_S_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.swin_v2_t": (
        ("pretrained", "weights", "Swin_V2_T_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.vgg.vgg11": (("pretrained", "weights", "VGG11_Weights.IMAGENET1K_V1"),),
    "torchvision.models.vgg.vgg11_bn": (
        ("pretrained", "weights", "VGG11_BN_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.vgg.vgg13": (("pretrained", "weights", "VGG13_Weights.IMAGENET1K_V1"),),
    "torchvision.models.vgg.vgg13_bn": (
        ("pretrained", "weights", "VGG13_BN_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.vgg.vgg16": (("pretrained", "weights", "VGG16_Weights.IMAGENET1K_V1"),),
    "torchvision.models.vgg.vgg16_bn": (
        ("pretrained", "weights", "VGG16_BN_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.vgg.vgg19": (("pretrained", "weights", "VGG19_Weights.IMAGENET1K_V1"),),
    "torchvision.models.vgg.vgg19_bn": (
        ("pretrained", "weights", "VGG19_BN_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.vgg11": (("pretrained", "weights", "VGG11_Weights.IMAGENET1K_V1"),),
    "torchvision.models.vgg11_bn": (("pretrained", "weights", "VGG11_BN_Weights.IMAGENET1K_V1"),),
    "torchvision.models.vgg13": (("pretrained", "weights", "VGG13_Weights.IMAGENET1K_V1"),),
    "torchvision.models.vgg13_bn": (("pretrained", "weights", "VGG13_BN_Weights.IMAGENET1K_V1"),),
    "torchvision.models.vgg16": (("pretrained", "weights", "VGG16_Weights.IMAGENET1K_V1"),),
    "torchvision.models.vgg16_bn": (("pretrained", "weights", "VGG16_BN_Weights.IMAGENET1K_V1"),),
    "torchvision.models.vgg19": (("pretrained", "weights", "VGG19_Weights.IMAGENET1K_V1"),),
    "torchvision.models.vgg19_bn": (("pretrained", "weights", "VGG19_BN_Weights.IMAGENET1K_V1"),),
    "torchvision.models.video.mc3_18": (
        ("pretrained", "weights", "video.MC3_18_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.mvit.mvit_v1_b": (
        ("pretrained", "weights", "video.MViT_V1_B_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.mvit.mvit_v2_s": (
        ("pretrained", "weights", "video.MViT_V2_S_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.mvit_v1_b": (
        ("pretrained", "weights", "video.MViT_V1_B_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.mvit_v2_s": (
        ("pretrained", "weights", "video.MViT_V2_S_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.r2plus1d_18": (
        ("pretrained", "weights", "video.R2Plus1D_18_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.r3d_18": (
        ("pretrained", "weights", "video.R3D_18_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.resnet.mc3_18": (
        ("pretrained", "weights", "video.MC3_18_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.resnet.r2plus1d_18": (
        ("pretrained", "weights", "video.R2Plus1D_18_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.resnet.r3d_18": (
        ("pretrained", "weights", "video.R3D_18_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.s3d": (
        ("pretrained", "weights", "video.S3D_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.s3d.s3d": (
        ("pretrained", "weights", "video.S3D_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.swin3d_b": (
        ("pretrained", "weights", "video.Swin3D_B_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.swin3d_s": (
        ("pretrained", "weights", "video.Swin3D_S_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.swin3d_t": (
        ("pretrained", "weights", "video.Swin3D_T_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.swin_transformer.swin3d_b": (
        ("pretrained", "weights", "video.Swin3D_B_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.swin_transformer.swin3d_s": (
        ("pretrained", "weights", "video.Swin3D_S_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.video.swin_transformer.swin3d_t": (
        ("pretrained", "weights", "video.Swin3D_T_Weights.KINETICS400_V1"),
    ),
    "torchvision.models.vision_transformer.vit_b_16": (
        ("pretrained", "weights", "ViT_B_16_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.vision_transformer.vit_b_32": (
        ("pretrained", "weights", "ViT_B_32_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.vision_transformer.vit_h_14": (("pretrained", "weights", None),),
    "torchvision.models.vision_transformer.vit_l_16": (
        ("pretrained", "weights", "ViT_L_16_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.vision_transformer.vit_l_32": (
        ("pretrained", "weights", "ViT_L_32_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.vit_b_16": (("pretrained", "weights", "ViT_B_16_Weights.IMAGENET1K_V1"),),
    "torchvision.models.vit_b_32": (("pretrained", "weights", "ViT_B_32_Weights.IMAGENET1K_V1"),),
    "torchvision.models.vit_h_14": (("pretrained", "weights", None),),
    "torchvision.models.vit_l_16": (("pretrained", "weights", "ViT_L_16_Weights.IMAGENET1K_V1"),),
    "torchvision.models.vit_l_32": (("pretrained", "weights", "ViT_L_32_Weights.IMAGENET1K_V1"),),
    "torchvision.models.wide_resnet101_2": (
        ("pretrained", "weights", "Wide_ResNet101_2_Weights.IMAGENET1K_V1"),
    ),
    "torchvision.models.wide_resnet50_2": (
        ("pretrained", "weights", "Wide_ResNet50_2_Weights.IMAGENET1K_V1"),
    ),
}
